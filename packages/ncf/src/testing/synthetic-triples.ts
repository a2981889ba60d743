import type { TrainingTriples } from '../training/triples';
import { createRandom } from '../format/random';

export interface SyntheticTriplesOptions {
  users: number;
  movies: number;
  ratingsPerUser: number;
  seed: number;
  /** Latent factors behind the ratings; 0 gives ratings with no structure (pure noise). */
  factors?: number;
  noise?: number;
}

/**
 * Test data with latent structure: rating = 3 + 1.5 * (user . movie) + noise, clamped to
 * [0.5, 5] and rounded to half stars. User ids start at 1, movie ids at 100 with gaps, so
 * id -> index mapping is exercised.
 */
export function buildSyntheticTriples(options: SyntheticTriplesOptions): TrainingTriples {
  const { users, movies, ratingsPerUser, seed, factors = 3, noise = 0.3 } = options;
  const random = createRandom(seed);
  const gaussian = () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const userFactors = Array.from({ length: users }, () =>
    Array.from({ length: factors }, () => gaussian() / Math.sqrt(Math.max(1, factors))),
  );
  const movieFactors = Array.from({ length: movies }, () =>
    Array.from({ length: factors }, gaussian),
  );
  const perUser = Math.min(ratingsPerUser, movies);
  const count = users * perUser;
  const triples: TrainingTriples = {
    userIds: new Int32Array(count),
    movieIds: new Int32Array(count),
    ratings: new Float32Array(count),
  };
  let n = 0;
  for (let u = 0; u < users; u++) {
    const chosen = new Set<number>();
    while (chosen.size < perUser) chosen.add(Math.floor(random() * movies));
    for (const m of chosen) {
      let dot = 0;
      for (let f = 0; f < factors; f++) {
        dot += (userFactors[u]?.[f] ?? 0) * (movieFactors[m]?.[f] ?? 0);
      }
      const raw = factors === 0 ? 2.75 + 2 * gaussian() : 3 + 1.5 * dot + noise * gaussian();
      triples.userIds[n] = u + 1;
      triples.movieIds[n] = 100 + 3 * m;
      triples.ratings[n] = Math.min(5, Math.max(0.5, Math.round(raw * 2) / 2));
      n++;
    }
  }
  return triples;
}
