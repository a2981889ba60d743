import { Controller, Get } from '@nestjs/common';
import { type TrainingProgressResponse, trainingProgressResponse } from '@marquee/contracts';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { TrainingProgressService } from './training-progress.service';

/** Public and read-only: how far the trainer is, for pages waiting for a model. */
@Controller('models/training')
export class TrainingProgressController {
  constructor(private readonly training: TrainingProgressService) {}

  @Get()
  @ApiResult(
    'The train job waiting or running now, and how far it is (null while the trainer is idle)',
    trainingProgressResponse,
  )
  @Raises('QUEUE_UNAVAILABLE')
  current(): Promise<TrainingProgressResponse> {
    return this.training.current();
  }
}
