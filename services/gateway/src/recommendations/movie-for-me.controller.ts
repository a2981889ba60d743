import { Controller, Get, Param } from '@nestjs/common';
import { type MovieForMeResponse, movieForMeResponse, movieIdParam } from '@marquee/contracts';
import { RouteDeadline } from '../deadlines/route-deadline.decorator';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { RequestId } from '../http/request-id.decorator';
import { AnonId } from '../identity/anon-id.decorator';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { MovieForMeService } from './movie-for-me.service';

@Controller('movies')
export class MovieForMeController {
  constructor(private readonly forMe: MovieForMeService) {}

  @Get(':movieId/for-me')
  @ApiResult(
    "The model's predicted rating of a film for the user and the films most similar to it; status 'unavailable' (never an error) when no model is ready or the recommender cannot answer in time",
    movieForMeResponse,
  )
  @Raises('MOVIE_NOT_FOUND', 'DATABASE_UNAVAILABLE')
  @RouteDeadline('recommend')
  movieForMe(
    @AnonId() anonId: string,
    @Param('movieId', new ZodValidationPipe(movieIdParam)) movieId: number,
    @RequestId() requestId: string,
  ): Promise<MovieForMeResponse> {
    return this.forMe.forMe(anonId, movieId, requestId);
  }
}
