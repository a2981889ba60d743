import { Controller, Get } from '@nestjs/common';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { HealthService, type ReadyResponse, liveResponse, readyResponse } from './health.service';

/** Outside the /api prefix: /health/live and /health/ready. */
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  @ApiResult('Liveness: the process answers', liveResponse)
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @ApiResult('Readiness: Postgres and Redis answer', readyResponse)
  @Raises('NOT_READY')
  ready(): Promise<ReadyResponse> {
    return this.health.ready();
  }
}
