import { mulberry32 } from './prng';

/** Every MovieLens release keeps only users who rated at least this many movies. */
export const MOVIELENS_MIN_RATINGS_PER_USER = 20;

/**
 * The spread (sigma of the log) of a user's ratings beyond the minimum. LensKit's fits of the
 * MovieLens releases' user activity give a log-normal shifted by about 19 with sigma 1.5-1.6
 * (ml-32m: 1.59); 1.5 gives, at ml-32m's size (mean 159 ratings per user), a median near 65 and
 * a busiest user near 30,000 ratings, close to the release's.
 */
export const USER_ACTIVITY_SIGMA = 1.5;

export interface UserActivityOptions {
  users: number;
  movies: number;
  /** The total: the counts sum to exactly this. users <= ratings <= users × movies. */
  ratings: number;
  seed: number;
  sigma?: number;
}

/**
 * How many movies each user rates: the minimum (MovieLens's 20, or less when the total or the
 * catalogue is too small for it) plus a long-tailed extra, log-normal as in the real releases,
 * scaled so that the counts add up to exactly `ratings`, none above `movies`. The scale is found
 * by bisection over the capped sum (water-filling: users at the cap keep it and the others share
 * the rest), then the real-valued shares are rounded along their running sum, so each count is
 * its share rounded up or down and the total is exact. O(users × 60).
 */
export function userActivity(options: UserActivityOptions): Int32Array {
  const { users, movies, ratings, seed } = options;
  const sigma = options.sigma ?? USER_ACTIVITY_SIGMA;
  if (!Number.isSafeInteger(users) || users < 1) throw new RangeError(`users must be >= 1`);
  if (ratings < users || ratings > users * movies) {
    throw new RangeError(`ratings must be in users..users × movies (${users}..${users * movies})`);
  }
  const minimum = Math.min(MOVIELENS_MIN_RATINGS_PER_USER, movies, Math.floor(ratings / users));
  const room = movies - minimum;
  const extra = ratings - minimum * users;

  const random = mulberry32(seed ^ 0x5bd1e995);
  const weights = new Float64Array(users);
  for (let i = 0; i < users; i++) weights[i] = Math.exp(sigma * standardNormal(random));

  const capped = (scale: number): number => {
    let sum = 0;
    for (let i = 0; i < users; i++) sum += Math.min(room, scale * (weights[i] as number));
    return sum;
  };
  // The smallest scale whose capped sum reaches `extra`: below it the sum falls short.
  let low = 0;
  let high = extra / weights.reduce((sum, w) => sum + w, 0);
  while (capped(high) < extra) high *= 2;
  for (let step = 0; step < 60 && high - low > high * 1e-15; step++) {
    const middle = (low + high) / 2;
    if (capped(middle) < extra) low = middle;
    else high = middle;
  }

  const counts = new Int32Array(users);
  let running = 0;
  let previous = 0;
  let total = 0;
  for (let i = 0; i < users; i++) {
    running += Math.min(room, high * (weights[i] as number));
    const upTo = Math.min(Math.round(running), extra);
    // A share of exactly `room` adds exactly room to the running sum, so the cap holds.
    const share = Math.min(room, upTo - previous);
    previous += share;
    counts[i] = minimum + share;
    total += share;
  }
  // Round-off can leave the sum a few short of `extra`; give them to users with room.
  for (let i = 0; total < extra; i = (i + 1) % users) {
    if ((counts[i] as number) < movies) {
      counts[i] = (counts[i] as number) + 1;
      total++;
    }
  }
  return counts;
}

/** Box-Muller: a standard normal from two uniforms. */
function standardNormal(random: () => number): number {
  const u = 1 - random(); // (0, 1]: log(0) cannot happen
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
