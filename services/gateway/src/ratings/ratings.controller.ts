import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import {
  type RatingBody,
  type RatingResponse,
  type RatingsListResponse,
  movieIdParam,
  ratingBody,
  ratingResponse,
  ratingsListResponse,
} from '@marquee/contracts';
import { RouteDeadline } from '../deadlines/route-deadline.decorator';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { AnonId } from '../identity/anon-id.decorator';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { RatingsService } from './ratings.service';

@Controller('ratings')
export class RatingsController {
  constructor(private readonly ratings: RatingsService) {}

  @Get()
  @ApiResult("The user's ratings", ratingsListResponse)
  @Raises('DATABASE_UNAVAILABLE')
  async list(@AnonId() anonId: string): Promise<RatingsListResponse> {
    return { ratings: await this.ratings.list(anonId) };
  }

  @Put(':movieId')
  @ApiResult('Rates a film, or changes its rating', ratingResponse)
  @Raises('MOVIE_NOT_FOUND', 'DATABASE_UNAVAILABLE')
  @RouteDeadline('write')
  rate(
    @AnonId() anonId: string,
    @Param('movieId', new ZodValidationPipe(movieIdParam)) movieId: number,
    @Body(new ZodValidationPipe(ratingBody)) body: RatingBody,
  ): Promise<RatingResponse> {
    return this.ratings.rate(anonId, movieId, body.rating);
  }

  @Delete(':movieId')
  @ApiResult("Removes the user's rating of a film")
  @Raises('RATING_NOT_FOUND', 'DATABASE_UNAVAILABLE')
  @HttpCode(204)
  @RouteDeadline('write')
  async unrate(
    @AnonId() anonId: string,
    @Param('movieId', new ZodValidationPipe(movieIdParam)) movieId: number,
  ): Promise<void> {
    await this.ratings.unrate(anonId, movieId);
  }
}
