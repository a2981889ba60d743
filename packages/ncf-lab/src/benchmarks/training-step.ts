/**
 * How the rating network's training step grows with the catalogue (not a test): the same
 * ratings (2,000 users × 50, synthetic, one epoch of the best configuration without movie
 * features or the ranking network) over catalogues of BENCH_FILMS movies (default 9700,87000),
 * with tfjs's dense Adam and with sparse Adam for the embedding and bias tables
 * (sparseAdamAboveMovies 0); each catalogue and mode measured twice, interleaved. Prints one JSON
 * line a run: wall seconds and ms a step.
 *   TF_BACKEND=wasm npx tsx packages/ncf-lab/src/benchmarks/training-step.ts
 * It runs @marquee/ncf's build (npm run build:node first), like the ncf CLI.
 */
import { BEST_NCF_CONFIG, trainNcf, type NcfConfig } from '@marquee/ncf';
import { buildSyntheticTriples } from '@marquee/ncf/testing';
import { benchCatalogues, timeSteps } from './step-timing';

const USERS = 2_000;
const RATINGS_PER_USER = 50;

async function main() {
  const catalogues = benchCatalogues('9700,87000');
  const base: NcfConfig = {
    ...BEST_NCF_CONFIG,
    filmFeatures: false,
    maxEpochs: 1,
    averageEpochs: undefined,
    ranking: undefined,
  };
  const modes: [string, NcfConfig][] = [
    ['dense', { ...base, sparseAdamAboveMovies: undefined }],
    ['sparse', { ...base, sparseAdamAboveMovies: 0 }],
  ];
  const runs = [...catalogues, ...catalogues].flatMap((movies) =>
    modes.map(([mode, config]) => ({ movies, mode, config })),
  );
  for (const { movies, mode, config } of runs) {
    const data = buildSyntheticTriples({
      users: USERS,
      movies: movies,
      ratingsPerUser: RATINGS_PER_USER,
      seed: 1,
    });
    const steps = Math.ceil(
      (data.ratings.length * (1 - config.validationFraction)) / config.batchSize,
    );
    const timing = await timeSteps(steps, () => trainNcf(data, config));
    console.log(
      JSON.stringify({
        movies,
        mode,
        ratings: data.ratings.length,
        batchSize: config.batchSize,
        ...timing,
      }),
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
