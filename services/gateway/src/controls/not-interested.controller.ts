import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import {
  type NotInterestedResponse,
  movieIdParam,
  notInterestedResponse,
} from '@marquee/contracts';
import { RouteDeadline } from '../deadlines/route-deadline.decorator';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { AnonId } from '../identity/anon-id.decorator';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { MovieListsService } from './movie-lists.service';

@Controller('not-interested')
export class NotInterestedController {
  constructor(private readonly lists: MovieListsService) {}

  @Get()
  @ApiResult('The films the user marked "not interested", most recent first', notInterestedResponse)
  @Raises('DATABASE_UNAVAILABLE')
  async list(@AnonId() anonId: string): Promise<NotInterestedResponse> {
    return { items: await this.lists.notInterested(anonId) };
  }

  @Put(':movieId')
  @ApiResult(
    'Marks a film "not interested": it is never recommended again, and counts against similar films (idempotent; takes it off the watchlist)',
  )
  @Raises('MOVIE_NOT_FOUND', 'DATABASE_UNAVAILABLE')
  @HttpCode(204)
  @RouteDeadline('write')
  async mark(
    @AnonId() anonId: string,
    @Param('movieId', new ZodValidationPipe(movieIdParam)) movieId: number,
  ): Promise<void> {
    await this.lists.markNotInterested(anonId, movieId);
  }

  @Delete(':movieId')
  @ApiResult('Undoes "not interested": the film may be recommended again')
  @Raises('NOT_INTERESTED_NOT_FOUND', 'DATABASE_UNAVAILABLE')
  @HttpCode(204)
  @RouteDeadline('write')
  async undo(
    @AnonId() anonId: string,
    @Param('movieId', new ZodValidationPipe(movieIdParam)) movieId: number,
  ): Promise<void> {
    await this.lists.undoNotInterested(anonId, movieId);
  }
}
