import { Injectable } from '@nestjs/common';

export const TMDB_POSTER_BASE = 'https://image.tmdb.org/t/p/w342';

/**
 * Where a film's poster comes from. Today: the cached TMDB poster path in movies.poster_path.
 * The seam for the TMDB lookup (a later issue): fill poster_path for films that lack one.
 */
@Injectable()
export class PosterService {
  posterUrl(movie: { posterPath: string | null }): string | null {
    return movie.posterPath ? `${TMDB_POSTER_BASE}${movie.posterPath}` : null;
  }
}
