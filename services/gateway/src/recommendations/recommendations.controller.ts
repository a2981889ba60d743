import { Controller, Get, Query } from '@nestjs/common';
import {
  type RecommendationsResponse,
  recommendationsQuery,
  recommendationsResponse,
} from '@marquee/contracts';
import type { z } from 'zod';
import { RouteDeadline } from '../deadlines/route-deadline.decorator';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { RequestId } from '../http/request-id.decorator';
import { AnonId } from '../identity/anon-id.decorator';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { RecommendationsService } from './recommendations.service';

@Controller('recommendations')
export class RecommendationsController {
  constructor(private readonly recommendations: RecommendationsService) {}

  @Get()
  @ApiResult(
    "The model's recommendations for the user, optionally of one genre and/or decade, never a film rated, skipped, marked not interested or watchlisted (or, when the model cannot answer in time, the user's last list or popular films: see source)",
    recommendationsResponse,
  )
  @Raises(
    'NO_MODEL',
    'RECOMMEND_TIMEOUT',
    'QUEUE_UNAVAILABLE',
    'RECOMMENDER_FAILED',
    'DATABASE_UNAVAILABLE',
  )
  @RouteDeadline('recommend')
  recommend(
    @AnonId() anonId: string,
    @Query(new ZodValidationPipe(recommendationsQuery))
    query: z.output<typeof recommendationsQuery>,
    @RequestId() requestId: string,
  ): Promise<RecommendationsResponse> {
    const { count, genre, decade } = query;
    return this.recommendations.recommend(anonId, count, requestId, {
      ...(genre !== undefined ? { genre } : {}),
      ...(decade !== undefined ? { decade } : {}),
    });
  }
}
