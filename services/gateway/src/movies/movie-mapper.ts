import { Injectable } from '@nestjs/common';
import type { Movie } from '@marquee/contracts';
import type { MovieColumns } from '@marquee/db';
import { PosterService } from './poster.service';

/** Maps movies rows to the API's Movie. */
@Injectable()
export class MovieMapper {
  constructor(private readonly posters: PosterService) {}

  /** Rows as they are: a movie without a cached poster gets posterUrl null. */
  toMovie(row: MovieColumns): Movie {
    return {
      id: row.id,
      title: row.title,
      year: row.year,
      genres: row.genres,
      posterUrl: this.posters.posterUrl(row),
    };
  }

  /** Rows with posters looked up first (briefly; see PosterService.fill), in the same order. */
  async toMovies(rows: readonly MovieColumns[]): Promise<Movie[]> {
    const filled = await this.posters.fill(rows);
    return filled.map((row) => this.toMovie(row));
  }
}
