import { Injectable } from '@nestjs/common';
import type { Movie } from '@marquee/contracts';
import type { MovieRow } from '@marquee/db';
import { PosterService } from './poster.service';

/** The columns a Movie DTO needs. */
export const MOVIE_COLUMNS = {
  id: true,
  title: true,
  year: true,
  genres: true,
  posterPath: true,
} as const;

export type MovieColumns = Pick<MovieRow, 'id' | 'title' | 'year' | 'genres' | 'posterPath'>;

/** Maps a movies row to the API's Movie. */
@Injectable()
export class MovieMapper {
  constructor(private readonly posters: PosterService) {}

  toMovie(row: MovieColumns): Movie {
    return {
      id: row.id,
      title: row.title,
      year: row.year,
      genres: row.genres,
      posterUrl: this.posters.posterUrl(row),
    };
  }
}
