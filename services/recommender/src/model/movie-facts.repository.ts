import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@marquee/db';
import { DB } from '@marquee/nest-common';
import type { MovieFacts } from './movie-catalogue';

/** The movies' genres and years, read when a model version loads (never per request). */
@Injectable()
export class MovieFactsRepository {
  constructor(@Inject(DB) private readonly db: Db) {}

  async all(): Promise<MovieFacts[]> {
    return this.db.movie.findMany({ select: { id: true, genres: true, year: true } });
  }
}
