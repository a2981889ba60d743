import { MOVIELENS_GENRES, type RecommendationFilter } from '@marquee/contracts';

/** One movie as the catalogue reads it from the movies table. */
export interface MovieFacts {
  id: number;
  genres: readonly string[];
  year: number | null;
}

const GENRE_BIT = new Map<string, number>(MOVIELENS_GENRES.map((g, i) => [g, 1 << i]));

/**
 * The genres and release year of every movie a model version knows, aligned with its movie
 * indices, kept with the version: a filtered request turns into a mask of the movies that pass
 * (see NcfScorer's `allowed`), computed over the whole catalogue in one pass.
 */
export class MovieCatalogue {
  private constructor(
    /** Per model movie, one bit per MOVIELENS_GENRES entry. */
    private readonly genres: Uint32Array,
    /** Per model movie, its year; 0 when unknown (or the movie is not in the movies table). */
    private readonly years: Int16Array,
    /** Model movies the movies table described. */
    readonly described: number,
  ) {}

  static build(movieIds: readonly number[], facts: Iterable<MovieFacts>): MovieCatalogue {
    const index = new Map(movieIds.map((id, i) => [id, i]));
    const genres = new Uint32Array(movieIds.length);
    const years = new Int16Array(movieIds.length);
    let described = 0;
    for (const movie of facts) {
      const i = index.get(movie.id);
      if (i === undefined) continue;
      described++;
      let bits = 0;
      for (const g of movie.genres) bits |= GENRE_BIT.get(g) ?? 0;
      genres[i] = bits;
      years[i] = movie.year ?? 0;
    }
    return new MovieCatalogue(genres, years, described);
  }

  /** 1 for each model movie that passes `filter`; null when the filter limits nothing. */
  allowed(filter: RecommendationFilter | undefined): Uint8Array | null {
    const bit = filter?.genre === undefined ? 0 : GENRE_BIT.get(filter.genre);
    const decade = filter?.decade;
    if (bit === 0 && decade === undefined) return null;
    const out = new Uint8Array(this.genres.length);
    if (bit === undefined) return out; // a genre no movie can have
    for (let i = 0; i < out.length; i++) {
      const year = this.years[i] as number;
      const genreOk = bit === 0 || ((this.genres[i] as number) & bit) !== 0;
      const decadeOk = decade === undefined || (year >= decade && year < decade + 10);
      out[i] = genreOk && decadeOk ? 1 : 0;
    }
    return out;
  }
}
