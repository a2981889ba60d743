import { Controller, Get } from '@nestjs/common';
import { HealthService, type ReadyResponse } from './health.service';

/** Outside the /api prefix: /health/live and /health/ready. */
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  ready(): Promise<ReadyResponse> {
    return this.health.ready();
  }
}
