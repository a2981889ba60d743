import { Controller, Get, Query } from '@nestjs/common';
import { type RecommendationsResponse, recommendationsQuery } from '@marquee/contracts';
import type { z } from 'zod';
import { RouteDeadline } from '../deadlines/route-deadline.decorator';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { RequestId } from '../http/request-id.decorator';
import { AnonId } from '../identity/anon-id.decorator';
import { RecommendationsService } from './recommendations.service';

@Controller('recommendations')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get()
  @RouteDeadline('recommend')
  recommend(
    @AnonId() anonId: string,
    @Query(new ZodValidationPipe(recommendationsQuery))
    query: z.output<typeof recommendationsQuery>,
    @RequestId() requestId: string,
  ): Promise<RecommendationsResponse> {
    return this.recommendations.recommend(anonId, query.count, requestId);
  }
}
