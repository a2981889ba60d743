import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { HealthService, type ReadinessReport } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Get('live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** 200 when Postgres and Redis answer; 503 naming the one that does not. */
  @Get('ready')
  async ready(): Promise<ReadinessReport & { status: 'ok' }> {
    const report = await this.health.readiness();
    if (!report.ready) {
      throw new ServiceUnavailableException({ status: 'unavailable', ...report });
    }
    return { status: 'ok', ...report };
  }
}
