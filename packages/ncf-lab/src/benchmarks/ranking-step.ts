/**
 * How the ranking network's training step grows with the catalogue, with the full softmax, the
 * sampled softmax with tfjs's dense Adam, and the sampled softmax with sparse ("lazy") Adam (not a
 * test): BENCH_USERS synthetic users (default 1,280: ten batches of the served config's 128)
 * rating 150 movies each, drawn with a popularity skew, over catalogues of BENCH_FILMS movies
 * (default 9724,87585); BENCH_MODES picks the modes (default full,sampled,lazy); one epoch each
 * way, no validation, no new users' table; each catalogue and mode measured twice, interleaved.
 * One JSON line a run.
 *   TF_BACKEND=wasm npx tsx packages/ncf-lab/src/benchmarks/ranking-step.ts
 * It runs @marquee/ncf's build (npm run build:node first), like the ncf CLI.
 */
import {
  BEST_NCF_CONFIG,
  createRandom,
  initBackend,
  trainRanking,
  type RankingData,
} from '@marquee/ncf';
import { benchCatalogues, timeSteps } from './step-timing';

const RATINGS_PER_USER = 150;

/** Each user's movies drawn with probability falling as a power of their rank (a long tail). */
function syntheticRatings(users: number, movies: number, seed: number): RankingData {
  const random = createRandom(seed);
  const userIndex = new Int32Array(users * RATINGS_PER_USER);
  const movieIndex = new Int32Array(users * RATINGS_PER_USER);
  const ratings = new Float32Array(users * RATINGS_PER_USER);
  for (let u = 0, row = 0; u < users; u++) {
    const seen = new Set<number>();
    while (seen.size < RATINGS_PER_USER) seen.add(Math.floor(movies * Math.pow(random(), 3)));
    for (const movie of seen) {
      userIndex[row] = u;
      movieIndex[row] = movie;
      ratings[row] = 0.5 + 0.5 * Math.floor(random() * 10);
      row++;
    }
  }
  const train = Int32Array.from({ length: ratings.length }, (_, i) => i);
  return { userIndex, movieIndex, ratings, users, movies, train, validation: new Int32Array(0) };
}

async function main() {
  const backend = await initBackend();
  const catalogues = benchCatalogues('9724,87585');
  const users = Number(process.env.BENCH_USERS ?? 1_280);
  const served = BEST_NCF_CONFIG.ranking;
  if (!served?.sampledSoftmax) throw new Error('the served config has no sampled softmax');
  const { newUserFeatures: _none, ...base } = served;
  const sampledSoftmax = { ...served.sampledSoftmax, aboveMovies: 0 };
  const allModes = {
    full: { ...base, sampledSoftmax: undefined },
    sampled: { ...base, sampledSoftmax: { ...sampledSoftmax, lazyAdam: false } },
    lazy: { ...base, sampledSoftmax: { ...sampledSoftmax, lazyAdam: true } },
  };
  const wanted = (process.env.BENCH_MODES ?? 'full,sampled,lazy').split(',');
  const modes = Object.entries(allModes).filter(([mode]) => wanted.includes(mode));
  for (let pass = 0; pass < 2; pass++) {
    for (const movies of catalogues) {
      const data = syntheticRatings(users, movies, 1);
      for (const [mode, config] of modes) {
        const timing = await timeSteps(Math.ceil(users / config.batchSize), () =>
          trainRanking(data, { ...config, maxEpochs: 1 }, 1),
        );
        console.log(
          JSON.stringify({
            backend,
            movies,
            mode,
            negatives: config.sampledSoftmax ? served.sampledSoftmax.negatives : undefined,
            users,
            ...timing,
          }),
        );
      }
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
