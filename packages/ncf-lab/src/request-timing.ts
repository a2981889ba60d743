/**
 * Request cost of a trained model as the recommender serves it (not a test): for every user of a
 * ratings file, their first N ratings (by row order) are one request, NcfScorer.recommend with
 * RECOMMEND_MIN_RATINGS; three passes; median and p99 milliseconds, with and without the model's
 * ranking network (without: movies ordered by stars, the faithful path's cost). First the time to
 * read, deserialize and load the model into a scorer, and the process's resident memory before and
 * after (before the ratings file is read). MAX_USERS (env) times only the first users.
 *   npx tsx packages/ncf-lab/src/request-timing.ts <model file> <ratings.csv> [N=20]
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_RECOMMEND_MIN_RATINGS } from '@marquee/contracts';
import { deserializeArtifact, initBackend, NcfScorer, type NcfArtifact } from '@marquee/ncf';
import { readRatingsFile } from './ratings-input';

async function main(): Promise<void> {
  const [modelPath, ratingsPath, given = '20'] = process.argv.slice(2);
  if (!modelPath || !ratingsPath) {
    throw new Error('usage: request-timing.ts <model file> <ratings.csv> [ratings per request]');
  }
  await initBackend();
  const before = residentMb();
  const loadStarted = performance.now();
  const artifact = deserializeArtifact(await readFile(modelPath));
  const served = NcfScorer.fromArtifact(artifact, { minRatings: DEFAULT_RECOMMEND_MIN_RATINGS });
  console.log(
    `model read and loaded in ${(performance.now() - loadStarted).toFixed(0)} ms ` +
      `(${artifact.movieIds.length} films); resident memory ${before} MB before, ` +
      `${residentMb()} MB after`,
  );
  const byUser = new Map<number, { movieId: number; rating: number }[]>();
  for (const r of await readRatingsFile(ratingsPath)) {
    let list = byUser.get(r.userId);
    if (!list) byUser.set(r.userId, (list = []));
    list.push({ movieId: r.movieId, rating: r.rating });
  }
  const maxUsers = Number(process.env.MAX_USERS ?? Infinity);
  const requests = [...byUser.values()]
    .slice(0, maxUsers)
    .map((list) => list.slice(0, Number(given)));
  const variants: [string, NcfArtifact][] = [['as trained', artifact]];
  if (artifact.config.ranking) {
    const { ranking: _ranking, ...config } = artifact.config;
    const weights = artifact.weights.filter((w) => !w.name.startsWith('ranking/'));
    variants.push(['without its ranking network', { ...artifact, config, weights }]);
  }
  for (const [name, model] of variants) {
    const scorer =
      model === artifact
        ? served
        : NcfScorer.fromArtifact(model, { minRatings: DEFAULT_RECOMMEND_MIN_RATINGS });
    const times: number[] = [];
    for (let pass = 0; pass < 3; pass++) {
      for (const ratings of requests) {
        const started = performance.now();
        scorer.recommend({ ratings, excludeMovieIds: [], count: 10 });
        times.push(performance.now() - started);
      }
    }
    scorer.dispose();
    times.sort((a, b) => a - b);
    const at = (q: number) => (times[Math.floor(q * (times.length - 1))] as number).toFixed(2);
    console.log(
      `${name}: ${times.length} requests of ${given} ratings, engine ${scorer.engine}: ` +
        `median ${at(0.5)} ms, p99 ${at(0.99)} ms`,
    );
  }
}

const residentMb = (): number => Math.round(process.memoryUsage().rss / 2 ** 20);

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
