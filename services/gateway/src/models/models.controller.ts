import { Controller, Get } from '@nestjs/common';
import { type ModelsResponse, modelsResponse } from '@marquee/contracts';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { ModelsService } from './models.service';

/** Public: which model versions exist and which one serves. */
@Controller('models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  @ApiResult('Every model version, newest first, and which one serves', modelsResponse)
  @Raises('DATABASE_UNAVAILABLE')
  list(): Promise<ModelsResponse> {
    return this.models.list();
  }
}
