import { Body, Controller, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import {
  type AdminTrainBody,
  type AdminTrainResponse,
  type TrainStatusResponse,
  adminTrainBody,
  adminTrainResponse,
  trainStatusResponse,
  trainJobIdParam,
} from '@marquee/contracts';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { DefaultBodyPipe } from '../http/default-body.pipe';
import { RequestId } from '../http/request-id.decorator';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { AdminTokenGuard } from './admin-token.guard';
import { TrainService } from './train.service';

@Controller('admin')
@UseGuards(AdminTokenGuard)
export class AdminTrainController {
  constructor(private readonly training: TrainService) {}

  /** 202: the job is queued; the trainer picks it up when it is free. */
  @Post('models/train')
  @HttpCode(202)
  @ApiResult('Queues a train job; the trainer takes it when it is free', adminTrainResponse)
  @Raises('TRAIN_IN_PROGRESS', 'QUEUE_UNAVAILABLE')
  train(
    @Body(new DefaultBodyPipe({}), new ZodValidationPipe(adminTrainBody)) body: AdminTrainBody,
    @RequestId() requestId: string,
  ): Promise<AdminTrainResponse> {
    return this.training.start(body, requestId);
  }

  @Get('train/:jobId')
  @ApiResult("A train job's state, progress and result", trainStatusResponse)
  @Raises('TRAIN_JOB_NOT_FOUND', 'QUEUE_UNAVAILABLE')
  status(
    @Param('jobId', new ZodValidationPipe(trainJobIdParam)) jobId: string,
  ): Promise<TrainStatusResponse> {
    return this.training.status(jobId);
  }
}
