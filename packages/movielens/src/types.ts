/** One movie from movies.csv joined with its links.csv row. */
export interface MovieRecord {
  movieId: number;
  /** Title without the trailing "(year)". */
  title: string;
  year: number | null;
  /** Empty when MovieLens says "(no genres listed)". */
  genres: string[];
  /** IMDb id as written in links.csv (digits, leading zeros kept), or null. */
  imdbId: string | null;
  tmdbId: number | null;
}

/** One row of ratings.csv. */
export interface RatingRecord {
  userId: number;
  movieId: number;
  /** 0.5 to 5.0 in half stars. */
  rating: number;
  /** Unix seconds. */
  timestamp: number;
}

export interface MovieLensData {
  movies: MovieRecord[];
  ratings: RatingRecord[];
}
