/**
 * Tunes the gradient fold-in on one cold-start split (train once, try a grid of options).
 *   npx tsx packages/ncf-lab/src/tune-fold-in.ts <ratings.csv> [seed] [given]
 * Pick options on a seed other than the one reported (the bench reports seed 1).
 */
import { DEFAULT_NCF_CONFIG } from '@marquee/ncf';
import { scoreColdStart, splitColdStart } from './coldstart';
import type { FoldInMethod } from './lab-config';
import { ArtifactPredictor } from './predictor';
import { createProgress } from './progress';
import { readRatingsFile } from './ratings-input';
import { trainOnRatings } from './training';

async function main() {
  const [file, seedArg = '2', givenArg = '10'] = process.argv.slice(2);
  if (!file) throw new Error('usage: tune-fold-in.ts <ratings.csv> [seed] [given]');
  const seed = Number(seedArg);
  const given = Number(givenArg);
  const ratings = await readRatingsFile(file);
  const split = splitColdStart(ratings, { given, seed });
  const progress = createProgress(process.stderr);
  const { artifact } = await trainOnRatings(split.train, { ...DEFAULT_NCF_CONFIG, seed }, progress);
  const methods: FoldInMethod[] = [{ method: 'rating-weighted-average' }];
  for (const steps of [10, 30, 100]) {
    for (const learningRate of [0.01, 0.05]) {
      for (const l2 of [0, 0.1, 1]) {
        methods.push({
          method: 'gradient',
          start: 'rating-weighted-average',
          steps,
          learningRate,
          l2,
        });
      }
    }
  }
  for (const method of methods) {
    const predictor = new ArtifactPredictor(artifact, method);
    const started = performance.now();
    const score = scoreColdStart(split.users, (u) => {
      const mean = u.revealed.reduce((s, r) => s + r.rating, 0) / u.revealed.length;
      return predictor
        .predict(
          predictor.foldIn(u.revealed),
          u.hidden.map((h) => h.movieId),
        )
        .map((p) => (Number.isNaN(p) ? mean : p));
    });
    predictor.dispose();
    const ms = (performance.now() - started) / split.users.length;
    console.log(JSON.stringify({ ...method, ...score, msPerUser: Number(ms.toFixed(2)) }));
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
