import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@marquee/db';
import { DB } from '../database/database.module';

/** The poster cache in movies.poster_path / poster_checked_at. */
@Injectable()
export class PostersRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  /**
   * Records a TMDB answer: the path, or null for "TMDB has none" (checked, not retried soon).
   * Returns the posterCheckedAt written.
   */
  async save(movieId: number, posterPath: string | null): Promise<Date> {
    const posterCheckedAt = new Date();
    await this.db.movie.update({ where: { id: movieId }, data: { posterPath, posterCheckedAt } });
    return posterCheckedAt;
  }
}
