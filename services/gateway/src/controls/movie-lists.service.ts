import { Injectable } from '@nestjs/common';
import type { NotInterestedItem, WatchlistItem } from '@marquee/contracts';
import { DomainError } from '../errors/domain-error';
import { UsersRepository } from '../identity/users.repository';
import { MovieMapper } from '../movies/movie-mapper';
import { MovieListsRepository, type MovieList } from './movie-lists.repository';

/** "Not interested" and the watchlist: each a list of movies per anonymous user. */
@Injectable()
export class MovieListsService {
  constructor(
    private readonly lists: MovieListsRepository,
    private readonly users: UsersRepository,
    private readonly mapper: MovieMapper,
  ) {}

  async markNotInterested(anonId: string, movieId: number): Promise<void> {
    await this.add('notInterested', anonId, movieId);
  }

  /** Undoes "not interested": the movie may be recommended again. */
  async undoNotInterested(anonId: string, movieId: number): Promise<void> {
    if (!(await this.remove('notInterested', anonId, movieId))) {
      throw new DomainError(
        'NOT_INTERESTED_NOT_FOUND',
        `You have not marked the film with id ${movieId} as not interested`,
      );
    }
  }

  async notInterested(anonId: string): Promise<NotInterestedItem[]> {
    const movies = await this.list('notInterested', anonId);
    return movies.map(({ movie, at }) => ({ movie, markedAt: at }));
  }

  async addToWatchlist(anonId: string, movieId: number): Promise<void> {
    await this.add('watchlist', anonId, movieId);
  }

  async removeFromWatchlist(anonId: string, movieId: number): Promise<void> {
    if (!(await this.remove('watchlist', anonId, movieId))) {
      throw new DomainError(
        'WATCHLIST_ENTRY_NOT_FOUND',
        `The film with id ${movieId} is not on your watchlist`,
      );
    }
  }

  async watchlist(anonId: string): Promise<WatchlistItem[]> {
    const movies = await this.list('watchlist', anonId);
    return movies.map(({ movie, at }) => ({ movie, addedAt: at }));
  }

  private async add(list: MovieList, anonId: string, movieId: number): Promise<void> {
    if (!(await this.lists.add(list, anonId, movieId))) {
      throw new DomainError('MOVIE_NOT_FOUND', `There is no film with id ${movieId}`);
    }
  }

  private async remove(list: MovieList, anonId: string, movieId: number): Promise<boolean> {
    const userId = await this.users.findIdByAnonId(anonId);
    return userId !== null && (await this.lists.remove(list, userId, movieId));
  }

  /** The movies of a list as the API's Movie, with when they were listed (ISO 8601). */
  private async list(
    list: MovieList,
    anonId: string,
  ): Promise<{ movie: WatchlistItem['movie']; at: string }[]> {
    const userId = await this.users.findIdByAnonId(anonId);
    if (userId === null) return [];
    const rows = await this.lists.listWithMovies(list, userId);
    const movies = await this.mapper.toMovies(rows.map((r) => r.movie));
    return rows.map((r, i) => ({
      movie: movies[i] as WatchlistItem['movie'],
      at: r.at.toISOString(),
    }));
  }
}
