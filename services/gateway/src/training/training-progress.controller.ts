import { Controller, Get } from '@nestjs/common';
import type { TrainingProgressResponse } from '@marquee/contracts';
import { TrainingProgressService } from './training-progress.service';

/** Public and read-only: how far the trainer is, for pages waiting for a model. */
@Controller('models/training')
export class TrainingProgressController {
  constructor(private readonly training: TrainingProgressService) {}

  @Get()
  current(): Promise<TrainingProgressResponse> {
    return this.training.current();
  }
}
