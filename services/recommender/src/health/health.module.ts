import { Module } from '@nestjs/common';
import { ModelModule } from '../model/model.module';
import { HealthController } from './health.controller';
import { HealthService } from './health.service';

@Module({
  imports: [ModelModule],
  controllers: [HealthController],
  providers: [HealthService],
})
export class HealthModule {}
