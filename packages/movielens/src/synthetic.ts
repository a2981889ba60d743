import { MOVIELENS_HEADERS } from './dataset-files';
import { formatCsv } from './csv-format';
import { mulberry32 } from './prng';
import { writeWorldFolder } from './synthetic-stream';
import { SMALL_PROFILE, SyntheticWorld, type RatingSink } from './synthetic-world';
import type { MovieRecord, RatingRecord } from './types';

export interface SyntheticMovieLensOptions {
  users: number;
  movies: number;
  /** Each user rates this many distinct movies (at most `movies`). */
  ratingsPerUser: number;
  seed: number;
}

export interface SyntheticMovieLens {
  movies: MovieRecord[];
  ratings: RatingRecord[];
  /** The same data as ml-latest-small CSV files (CRLF, real headers, MovieLens quoting). */
  files: { 'movies.csv': string; 'ratings.csv': string; 'links.csv': string };
}

/**
 * Small MovieLens-shaped data, deterministic from the seed, for tests and demos on machines
 * without the real dataset: every user rates `ratingsPerUser` movies, and every quirk of the real
 * files turns up even in a few dozen movies (see SyntheticWorld for the model, SMALL_PROFILE for
 * this size's choices). For release-sized folders (millions of ratings, long-tailed activity,
 * streamed to disk) see writeSyntheticRelease.
 */
export function generateSyntheticMovieLens(options: SyntheticMovieLensOptions): SyntheticMovieLens {
  const { users, movies: movieCount, ratingsPerUser, seed } = checkOptions(options);
  const world = new SyntheticWorld(mulberry32(seed), movieCount, SMALL_PROFILE);
  const { movies } = world;
  const ratings: RatingRecord[] = [];
  let userId = 0;
  let first = 0;
  const sink: RatingSink = {
    user: (start) => {
      userId++;
      first = start;
    },
    rating: (movie, halfStars, offset) => {
      const { movieId } = movies[movie] as MovieRecord;
      ratings.push({ userId, movieId, rating: halfStars / 2, timestamp: first + offset });
    },
  };
  for (let user = 0; user < users; user++) world.rateUser(ratingsPerUser, sink);

  const ratingLines = ratings.map((r) => [
    String(r.userId),
    String(r.movieId),
    r.rating.toFixed(1),
    String(r.timestamp),
  ]);
  return {
    movies,
    ratings,
    files: {
      'movies.csv': formatCsv(MOVIELENS_HEADERS['movies.csv'], world.movieRows),
      'ratings.csv': formatCsv(MOVIELENS_HEADERS['ratings.csv'], ratingLines),
      'links.csv': formatCsv(MOVIELENS_HEADERS['links.csv'], world.linkRows),
    },
  };
}

/**
 * Writes the files generateSyntheticMovieLens makes (byte for byte) into `dir`, created if
 * needed; ratings.csv is streamed, so it is never held in memory.
 */
export async function writeSyntheticMovieLens(
  dir: string,
  options: SyntheticMovieLensOptions,
): Promise<void> {
  const { users, movies, ratingsPerUser, seed } = checkOptions(options);
  const world = new SyntheticWorld(mulberry32(seed), movies, SMALL_PROFILE);
  await writeWorldFolder(dir, world, {
    users,
    totalRows: users * ratingsPerUser,
    countOf: () => ratingsPerUser,
  });
}

function checkOptions(options: SyntheticMovieLensOptions): SyntheticMovieLensOptions {
  const { users, movies, ratingsPerUser, seed } = options;
  const problems: string[] = [];
  if (!Number.isInteger(users) || users < 1) problems.push(`users must be >= 1 (got ${users})`);
  if (!Number.isInteger(movies) || movies < 1) problems.push(`movies must be >= 1 (got ${movies})`);
  if (!Number.isInteger(ratingsPerUser) || ratingsPerUser < 0 || ratingsPerUser > movies) {
    problems.push(`ratingsPerUser must be an integer in 0..movies (got ${ratingsPerUser})`);
  }
  if (!Number.isFinite(seed)) problems.push(`seed must be a finite number (got ${seed})`);
  if (problems.length) throw new RangeError(`generateSyntheticMovieLens: ${problems.join('; ')}`);
  return options;
}
