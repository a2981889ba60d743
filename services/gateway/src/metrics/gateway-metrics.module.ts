import { Global, Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { GatewayMetrics } from './gateway-metrics';
import { QueueDepthMetrics } from './queue-depth.metrics';

/** The gateway's metrics (MetricsModule serves them on METRICS_PORT). */
@Global()
@Module({
  imports: [AdminModule],
  providers: [GatewayMetrics, QueueDepthMetrics],
  exports: [GatewayMetrics],
})
export class GatewayMetricsModule {}
