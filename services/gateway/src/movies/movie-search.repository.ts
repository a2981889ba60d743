import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';

/**
 * Title search in Postgres. Titles and the query are compared lower-cased, without accents
 * (unaccent) and with punctuation as spaces; every query word must occur in the title. Best
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
        SELECT trim(regexp_replace(lower(unaccent(${query})), '[^[:alnum:]]+', ' ', 'g')) AS q
      ),
      matches AS (
        SELECT m.id,
          ' ' || trim(regexp_replace(lower(unaccent(m.title)), '[^[:alnum:]]+', ' ', 'g')) || ' '
            AS plain,
          ' ' || trim(regexp_replace(
            lower(unaccent(regexp_replace(m.title, '^(.*), (The|A|An)( \\(.*\\))?$', '\\2 \\1\\3'))),
            '[^[:alnum:]]+', ' ', 'g')) || ' ' AS display
        FROM movies m, query
        WHERE query.q <> ''
          AND ' ' || regexp_replace(lower(unaccent(m.title)), '[^[:alnum:]]+', ' ', 'g') || ' '
            LIKE ALL (ARRAY(SELECT '%' || w || '%' FROM unnest(string_to_array(query.q, ' ')) w))
      )
      SELECT matches.id
      FROM matches, query
      ORDER BY
        CASE
          WHEN ' ' || query.q || ' ' IN (matches.display, matches.plain) THEN 0
          WHEN matches.display LIKE ' ' || query.q || '%'
            OR matches.plain LIKE ' ' || query.q || '%' THEN 1
          WHEN matches.plain LIKE '% ' || query.q || '%' THEN 2
          ELSE 3
        END,
        (SELECT count(*) FROM ratings r WHERE r.movie_id = matches.id) DESC,
        matches.id
      LIMIT ${limit}`,
    );
    return rows.map((r) => r.id);
  }
}
