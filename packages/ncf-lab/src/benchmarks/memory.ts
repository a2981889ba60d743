/**
 * Resident memory of a process serving one model (not a test): a fresh process starts the
 * TensorFlow.js backend, reads an artifact file, builds the scorer the recommender builds
 * (NcfScorer.fromArtifact, 'auto' engine), answers a few recommend calls, and prints
 * process.memoryUsage() before and after, in MB, as one JSON line.
 *   npm run ncf -- train --data /path/to/ml-latest-small --out /tmp/ml-small.ncf
 *   NODE_OPTIONS=--expose-gc TF_BACKEND=wasm npx tsx packages/ncf-lab/src/benchmarks/memory.ts /tmp/ml-small.ncf
 * It runs @marquee/ncf's build (npm run build:node first), like the ncf CLI.
 * The recommender service adds NestJS, Prisma and BullMQ on top of this.
 */
import { readFile } from 'node:fs/promises';
import { createRandom, deserializeArtifact, initBackend, NcfScorer } from '@marquee/ncf';

const mb = (bytes: number) => Number((bytes / 2 ** 20).toFixed(1));

function usage() {
  (globalThis as { gc?: () => void }).gc?.();
  const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
  return {
    rssMb: mb(rss),
    heapUsedMb: mb(heapUsed),
    externalMb: mb(external),
    arrayBuffersMb: mb(arrayBuffers),
  };
}

async function main() {
  const file = process.argv[2];
  if (!file)
    throw new Error('usage: memory.ts <artifact file> (write one with npm run ncf -- train)');
  const backend = await initBackend();
  const beforeLoad = usage();
  const bytes = await readFile(file);
  const artifact = deserializeArtifact(bytes);
  const scorer = NcfScorer.fromArtifact(artifact);
  const random = createRandom(1);
  for (let i = 0; i < 50; i++) {
    scorer.recommend({
      ratings: Array.from({ length: 20 }, () => ({
        movieId: scorer.movieIds[Math.floor(random() * scorer.movieIds.length)] as number,
        rating: 0.5 + Math.floor(random() * 10) / 2,
      })),
      excludeMovieIds: [],
      count: 10,
      random,
    });
  }
  const loaded = usage();
  console.log(
    JSON.stringify({
      artifact: file,
      artifactMb: mb(bytes.length),
      users: artifact.userIds.length,
      movies: artifact.movieIds.length,
      config: artifact.config,
      backend,
      engine: scorer.engine,
      beforeLoad,
      loaded,
      modelRssMb: Number((loaded.rssMb - beforeLoad.rssMb).toFixed(1)),
    }),
  );
  scorer.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
