import { Controller, Get, Query } from '@nestjs/common';
import { type RecommendationsResponse, recommendationsQuery } from '@marquee/contracts';
import type { z } from 'zod';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { RequestId } from '../http/request-id.decorator';
import { AnonId } from '../identity/anon-id.decorator';
import { RecommendationsService } from './recommendations.service';

@Controller('recommendations')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get()
  recommend(
    @AnonId() anonId: string,
    @Query(new ZodValidationPipe(recommendationsQuery))
    query: z.output<typeof recommendationsQuery>,
    @RequestId() requestId: string,
  ): Promise<RecommendationsResponse> {
    return this.recommendations.recommend(anonId, query.count, requestId);
  }
}
