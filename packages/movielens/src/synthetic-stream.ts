import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatCsv } from './csv-format';
import { ChunkedFileWriter } from './csv-stream';
import { MOVIELENS_HEADERS } from './dataset-files';
import { mulberry32 } from './prng';
import { userActivity } from './synthetic-activity';
import { RELEASE_PROFILE, SyntheticWorld, type RatingSink } from './synthetic-world';

export interface SyntheticReleaseOptions {
  users: number;
  movies: number;
  /** The exact number of rows of ratings.csv. */
  ratings: number;
  seed: number;
  /** Called about once a second while ratings.csv is written. */
  onProgress?: (progress: SyntheticProgress) => void;
}

export interface SyntheticProgress {
  rows: number;
  totalRows: number;
  seconds: number;
}

/** What was written, measured on the data itself. */
export interface SyntheticReleaseSummary {
  ratings: number;
  users: number;
  movies: number;
  /** Movies with at least one rating. */
  ratedMovies: number;
  /** Gini coefficient of the rated movies' rating counts (ml-32m: 0.952, per LensKit). */
  movieGini: number;
  movieRatings: { median: number; max: number };
  userRatings: { min: number; median: number; mean: number; max: number };
  meanRating: number;
  /** Share of ratings on a half star (x.5). */
  halfStarShare: number;
  bytes: Record<'ratings.csv' | 'movies.csv' | 'links.csv', number>;
  seconds: number;
}

/**
 * Writes a MovieLens-format folder of any size shaped like the full releases (ml-25m, ml-32m):
 * power-law movie popularity, long-tailed user activity with the releases' minimum of 20 ratings
 * per user (when the total allows it), half and whole stars, genres, years, links; see
 * RELEASE_PROFILE and userActivity. ratings.csv has exactly `ratings` rows and is streamed user
 * by user, so memory does not grow with the number of ratings; cost is O(ratings) plus O(movies)
 * per user only for the rare user who rates most of the catalogue. Same seed, same files.
 */
export async function writeSyntheticRelease(
  dir: string,
  options: SyntheticReleaseOptions,
): Promise<SyntheticReleaseSummary> {
  checkReleaseOptions(options);
  const { users, movies, ratings, seed } = options;
  const started = Date.now();
  const counts = userActivity({ users, movies, ratings, seed });
  const world = new SyntheticWorld(mulberry32(seed), movies, RELEASE_PROFILE);
  const perMovie = new Int32Array(movies);
  const histogram = new Float64Array(11);
  await writeWorldFolder(dir, world, {
    users,
    totalRows: ratings,
    countOf: (user) => counts[user] as number,
    onRating: (movie, halfStars) => {
      perMovie[movie] = (perMovie[movie] as number) + 1;
      histogram[halfStars] = (histogram[halfStars] as number) + 1;
    },
    onProgress: options.onProgress,
  });

  const sizes = async (name: 'ratings.csv' | 'movies.csv' | 'links.csv') =>
    (await stat(join(dir, name))).size;
  const userSorted = Int32Array.from(counts).sort();
  const rated = Int32Array.from(perMovie.filter((n) => n > 0)).sort();
  let starSum = 0;
  let halfStars = 0;
  histogram.forEach((n, halves) => {
    starSum += (n * halves) / 2;
    if (halves % 2 === 1) halfStars += n;
  });
  return {
    ratings,
    users,
    movies,
    ratedMovies: rated.length,
    movieGini: gini(rated),
    movieRatings: { median: median(rated), max: rated[rated.length - 1] ?? 0 },
    userRatings: {
      min: userSorted[0] ?? 0,
      median: median(userSorted),
      mean: ratings / users,
      max: userSorted[userSorted.length - 1] ?? 0,
    },
    meanRating: starSum / ratings,
    halfStarShare: halfStars / ratings,
    bytes: {
      'ratings.csv': await sizes('ratings.csv'),
      'movies.csv': await sizes('movies.csv'),
      'links.csv': await sizes('links.csv'),
    },
    seconds: (Date.now() - started) / 1000,
  };
}

/** What is wrong with the options, every problem at once; [] when they are fine. */
export function releaseOptionProblems(
  options: Pick<SyntheticReleaseOptions, 'users' | 'movies' | 'ratings' | 'seed'>,
): string[] {
  const { users, movies, ratings, seed } = options;
  const problems: string[] = [];
  const whole = (value: number) => Number.isSafeInteger(value) && value >= 1;
  if (!whole(users)) problems.push(`users must be a whole number >= 1 (got ${users})`);
  if (!whole(movies)) problems.push(`movies must be a whole number >= 1 (got ${movies})`);
  if (!whole(ratings)) problems.push(`ratings must be a whole number >= 1 (got ${ratings})`);
  if (!Number.isSafeInteger(seed)) problems.push(`seed must be a whole number (got ${seed})`);
  if (problems.length === 0) {
    if (ratings < users) {
      problems.push(
        `ratings (${ratings}) must be at least users (${users}): every user rates a film`,
      );
    } else if (ratings > users * movies) {
      problems.push(
        `ratings (${ratings}) cannot exceed users × movies (${users * movies}): ` +
          'a user rates a film at most once',
      );
    }
  }
  return problems;
}

function checkReleaseOptions(options: SyntheticReleaseOptions): void {
  const problems = releaseOptionProblems(options);
  if (problems.length) throw new RangeError(`writeSyntheticRelease: ${problems.join('; ')}`);
}

export interface WorldFolderPlan {
  users: number;
  totalRows: number;
  /** How many movies the user at this position (0-based) rates. */
  countOf: (user: number) => number;
  /** Each rating as written: the movie's position in world.movies, stars × 2. */
  onRating?: (movie: number, halfStars: number) => void;
  onProgress?: (progress: SyntheticProgress) => void;
}

/**
 * Writes movies.csv and links.csv from `world`, then ratings.csv user by user (userId 1, 2, ...)
 * through a chunked write stream. ratings.csv is written under a temporary name and renamed last,
 * so a folder holding all three files is complete; a failed run leaves no ratings.csv.
 */
export async function writeWorldFolder(
  dir: string,
  world: SyntheticWorld,
  plan: WorldFolderPlan,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  // An older ratings.csv goes first: until the new one is in place the folder is incomplete.
  await rm(join(dir, 'ratings.csv'), { force: true });
  await writeFile(
    join(dir, 'movies.csv'),
    formatCsv(MOVIELENS_HEADERS['movies.csv'], world.movieRows),
    'utf8',
  );
  // A fixed name: a run that was killed leaves it behind, and the next run into the folder
  // overwrites it rather than adding another.
  const partial = join(dir, '.ratings.csv.part');
  const writer = await ChunkedFileWriter.open(partial);
  try {
    writer.ascii(formatCsv(MOVIELENS_HEADERS['ratings.csv'], []));
    const movieIds = Int32Array.from(world.movies, (movie) => movie.movieId);
    const { onRating } = plan;
    const started = Date.now();
    let reported = started;
    let rows = 0;
    let userId = 0;
    let first = 0;
    const sink: RatingSink = {
      user(start) {
        userId++;
        first = start;
      },
      rating(movie, halfStars, offset) {
        writer.int(userId);
        writer.comma();
        writer.int(movieIds[movie] as number);
        writer.comma();
        writer.halfStars(halfStars);
        writer.comma();
        writer.int(first + offset);
        writer.endLine();
        onRating?.(movie, halfStars);
        rows++;
      },
    };
    for (let user = 0; user < plan.users; user++) {
      world.rateUser(plan.countOf(user), sink);
      await writer.drainIfFull();
      if (plan.onProgress) {
        const now = Date.now();
        if (now - reported >= 1000) {
          reported = now;
          plan.onProgress({ rows, totalRows: plan.totalRows, seconds: (now - started) / 1000 });
        }
      }
    }
    await writer.close();
    plan.onProgress?.({
      rows,
      totalRows: plan.totalRows,
      seconds: (Date.now() - started) / 1000,
    });
  } catch (error) {
    writer.destroy();
    await rm(partial, { force: true });
    throw error;
  }
  await writeFile(
    join(dir, 'links.csv'),
    formatCsv(MOVIELENS_HEADERS['links.csv'], world.linkRows),
    'utf8',
  );
  await rename(partial, join(dir, 'ratings.csv'));
}

function median(sorted: Int32Array): number {
  if (sorted.length === 0) return 0;
  const middle = sorted.length >> 1;
  return sorted.length % 2
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** Gini coefficient of non-negative values sorted ascending: 0 all equal, near 1 one has all. */
function gini(sorted: Int32Array): number {
  const n = sorted.length;
  let total = 0;
  let weighted = 0;
  sorted.forEach((value, i) => {
    total += value;
    weighted += (2 * (i + 1) - n - 1) * value;
  });
  return total > 0 ? weighted / (n * total) : 0;
}
