import { Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { type WatchlistResponse, movieIdParam, watchlistResponse } from '@marquee/contracts';
import { RouteDeadline } from '../deadlines/route-deadline.decorator';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { AnonId } from '../identity/anon-id.decorator';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { MovieListsService } from './movie-lists.service';

@Controller('watchlist')
export class WatchlistController {
  constructor(private readonly lists: MovieListsService) {}

  @Get()
  @ApiResult("The user's watchlist, most recently added first", watchlistResponse)
  @Raises('DATABASE_UNAVAILABLE')
  async list(@AnonId() anonId: string): Promise<WatchlistResponse> {
    return { items: await this.lists.watchlist(anonId) };
  }

  @Put(':movieId')
  @ApiResult(
    'Saves a film to the watchlist; it is not recommended while listed (idempotent; undoes "not interested"; rating the film takes it off)',
  )
  @Raises('MOVIE_NOT_FOUND', 'DATABASE_UNAVAILABLE')
  @HttpCode(204)
  @RouteDeadline('write')
  async add(
    @AnonId() anonId: string,
    @Param('movieId', new ZodValidationPipe(movieIdParam)) movieId: number,
  ): Promise<void> {
    await this.lists.addToWatchlist(anonId, movieId);
  }

  @Delete(':movieId')
  @ApiResult('Takes a film off the watchlist')
  @Raises('WATCHLIST_ENTRY_NOT_FOUND', 'DATABASE_UNAVAILABLE')
  @HttpCode(204)
  @RouteDeadline('write')
  async remove(
    @AnonId() anonId: string,
    @Param('movieId', new ZodValidationPipe(movieIdParam)) movieId: number,
  ): Promise<void> {
    await this.lists.removeFromWatchlist(anonId, movieId);
  }
}
