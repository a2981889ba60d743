import { Controller, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  type ModelVersionSummary,
  modelVersionParam,
  modelVersionSummary,
} from '@marquee/contracts';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { ModelsService } from '../models/models.service';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { AdminTokenGuard } from './admin-token.guard';

@Controller('admin/models')
@UseGuards(AdminTokenGuard)
export class AdminModelsController {
  constructor(private readonly models: ModelsService) {}

  /** Pins a READY version as the active one (rollback included) and tells the replicas. */
  @Post(':version/activate')
  @HttpCode(200)
  @ApiResult('Makes a READY version the active one (rollback included)', modelVersionSummary)
  @Raises('MODEL_NOT_FOUND', 'MODEL_NOT_READY', 'DATABASE_UNAVAILABLE')
  activate(
    @Param('version', new ZodValidationPipe(modelVersionParam)) version: number,
  ): Promise<ModelVersionSummary> {
    return this.models.activate(version);
  }
}
