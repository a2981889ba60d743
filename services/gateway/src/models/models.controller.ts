import { Controller, Get } from '@nestjs/common';
import type { ModelsResponse } from '@marquee/contracts';
import { ModelsService } from './models.service';

/** Public: which model versions exist and which one serves. */
@Controller('models')
export class ModelsController {
  constructor(private readonly models: ModelsService) {}

  @Get()
  list(): Promise<ModelsResponse> {
    return this.models.list();
  }
}
