import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';

/**
 * Title search in Postgres. Titles and the query are compared lower-cased, without accents
 * and with punctuation as spaces (movie_search_text; the titles' forms are stored in
 * movies.search_title and search_display_title); every query word must occur in the title. Best
 * first: the whole title (article moved to the front: "Matrix, The" is "The Matrix"), then
 * titles starting with the query, then the query at the start of a word, then the rest; within
 * a rank, the most-rated movies first.
 */
@Injectable()
export class MovieSearchRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly retry: DbRetry,
  ) {}

  async search(query: string, limit: number): Promise<number[]> {
    const rows = await this.retry.run(
      () => this.db.$queryRaw<{ id: number }[]>`
      WITH query AS (
        SELECT q, ARRAY(SELECT '%' || w || '%' FROM unnest(string_to_array(q, ' ')) w) AS words
        FROM (SELECT trim(movie_search_text(${query})) AS q) typed
      ),
      matches AS (
        SELECT m.id, m.search_title AS plain, m.search_display_title AS display
        FROM movies m, query
        WHERE query.q <> '' AND m.search_title LIKE ALL (query.words)
      )
      SELECT matches.id
      FROM matches CROSS JOIN query
      LEFT JOIN movie_rating_stats stats ON stats.movie_id = matches.id
      ORDER BY
        CASE
          WHEN ' ' || query.q || ' ' IN (matches.display, matches.plain) THEN 0
          WHEN matches.display LIKE ' ' || query.q || '%'
            OR matches.plain LIKE ' ' || query.q || '%' THEN 1
          WHEN matches.plain LIKE '% ' || query.q || '%' THEN 2
          ELSE 3
        END,
        coalesce(stats.rating_count, 0) DESC,
        matches.id
      LIMIT ${limit}`,
    );
    return rows.map((r) => r.id);
  }
}
