/**
 * Ad-hoc measurement of training and serving speed on MovieLens ml-latest-small (not a test).
 *   npx tsx packages/ncf-lab/src/benchmarks/measure.ts [path/to/ratings.csv]
 * It runs @marquee/ncf's build (npm run build:node first), like the ncf CLI.
 * Env TF_BACKEND picks the backend (default: auto), NCF_BATCH / NCF_LR / NCF_EPOCHS override.
 */
import { readFileSync } from 'node:fs';
import {
  ARTIFACT_FORMAT,
  DEFAULT_NCF_CONFIG,
  NcfScorer,
  artifactChecksum,
  serializeArtifact,
  type NcfArtifact,
  type NcfConfig,
  createRandom,
  trainNcf,
  weightLayout,
} from '@marquee/ncf';

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

function loadRatings(file: string) {
  const lines = readFileSync(file, 'utf8').split('\n').slice(1).filter(Boolean);
  const userIds = new Int32Array(lines.length);
  const movieIds = new Int32Array(lines.length);
  const ratings = new Float32Array(lines.length);
  lines.forEach((line, i) => {
    const [u, m, r] = line.split(',');
    userIds[i] = Number(u);
    movieIds[i] = Number(m);
    ratings[i] = Number(r);
  });
  return { userIds, movieIds, ratings };
}

function medianLatencyMs(scorer: NcfScorer, calls: number): number {
  const random = createRandom(7);
  const times: number[] = [];
  for (let c = 0; c < calls; c++) {
    const ratings = Array.from({ length: 20 }, () => ({
      movieId: scorer.movieIds[Math.floor(random() * scorer.movieIds.length)] as number,
      rating: 0.5 + Math.floor(random() * 10) / 2,
    }));
    const t = performance.now();
    scorer.recommend({ ratings, excludeMovieIds: [], count: 10, random });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

function syntheticArtifact(config: NcfConfig, users: number, movies: number): NcfArtifact {
  const random = createRandom(3);
  return {
    format: ARTIFACT_FORMAT,
    config,
    userIds: Array.from({ length: users }, (_, i) => i + 1),
    movieIds: Array.from({ length: movies }, (_, i) => i + 1),
    weights: weightLayout(config, users, movies).map(({ name, shape }) => ({
      name,
      shape,
      data: Float32Array.from({ length: sizeOf(shape) }, () => (random() - 0.5) * 0.2),
    })),
  };
}

async function main() {
  const file = process.argv[2] ?? '/work/shared/datasets/ml-latest-small/ratings.csv';
  const data = loadRatings(file);
  const env = process.env;
  const config: NcfConfig = {
    ...DEFAULT_NCF_CONFIG,
    ...(env.NCF_BATCH ? { batchSize: Number(env.NCF_BATCH) } : {}),
    ...(env.NCF_LR ? { learningRate: Number(env.NCF_LR) } : {}),
    ...(env.NCF_EPOCHS ? { maxEpochs: Number(env.NCF_EPOCHS) } : {}),
  };
  console.error(`${data.ratings.length} ratings; config ${JSON.stringify(config)}`);
  const epochSeconds: number[] = [];
  let last = performance.now();
  const { artifact, metrics } = await trainNcf(data, config, (p) => {
    const now = performance.now();
    epochSeconds.push((now - last) / 1000);
    last = now;
    console.error(
      `epoch ${p.epoch}/${p.epochs} loss ${p.loss.toFixed(4)} valRmse ${p.valRmse.toFixed(4)} ` +
        `${epochSeconds.at(-1)?.toFixed(2)} s`,
    );
  });
  const bytes = serializeArtifact(artifact);
  const scorer = NcfScorer.fromArtifact(artifact);
  const big = syntheticArtifact(config, 1000, 62_000);
  const t = performance.now();
  const bigScorer = NcfScorer.fromArtifact(big);
  const bigLoadMs = performance.now() - t;
  const meanEpoch = epochSeconds.reduce((a, b) => a + b, 0) / epochSeconds.length;
  console.log(
    JSON.stringify(
      {
        ratings: data.ratings.length,
        users: artifact.userIds.length,
        movies: artifact.movieIds.length,
        config,
        backend: metrics.backend,
        epochsRun: metrics.epochs,
        secondsPerEpoch: Number(meanEpoch.toFixed(2)),
        bestValRmse: Number(metrics.valRmse.toFixed(4)),
        trainLoss: Number(metrics.trainLoss.toFixed(4)),
        trainSeconds: Number(metrics.trainSeconds.toFixed(1)),
        artifactBytes: bytes.length,
        artifactChecksum: artifactChecksum(bytes).slice(0, 12),
        recommendMedianMs: Number(medianLatencyMs(scorer, 200).toFixed(2)),
        synthetic62kFromArtifactMs: Number(bigLoadMs.toFixed(1)),
        synthetic62kRecommendMedianMs: Number(medianLatencyMs(bigScorer, 200).toFixed(2)),
      },
      null,
      2,
    ),
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
