/**
 * Tries model hyperparameters (ad-hoc exploration, not a test). Rating split:
 *   npx tsx packages/ncf-lab/src/tune-model.ts split <train.csv> <test.csv> '<NcfConfig overrides
 * JSON>' New users (trains once, scores both fold-ins):
 *   npx tsx packages/ncf-lab/src/tune-model.ts coldstart <ratings.csv> <seed> '<overrides JSON>'
 * Overrides apply to the best configuration (bestConfig), or to the faithful one with
 * {"base":"faithful"}. With filmFeatures, set NCF_MOVIES to a movies.csv. Prints one JSON line per
 * result. Choose on the validation RMSE (printed as valRmse: measured on the split carved from the training file), not on the test figure.
 */
import { FOLD_IN_METHODS, predictUserOffset, type NcfConfig } from '@marquee/ncf';
import { chooseOffsetLambda, scoreColdStart } from './coldstart';
import { evaluateRatingSplit } from './evaluate';
import { bestConfig, faithfulConfig } from './lab-config';
import { ArtifactPredictor } from './predictor';
import { createProgress } from './progress';
import { splitNewUsers } from './protocols/splitters';
import { readMovies, readRatingsFile } from './ratings-input';
import { trainOnRatings } from './training';
import { RatingStats } from './rating-stats';

async function main() {
  const [mode, a, b, overridesJson = '{}'] = process.argv.slice(2);
  const { base, ...overrides } = JSON.parse(overridesJson) as Partial<NcfConfig> & {
    base?: string;
  };
  const progress = createProgress(process.stderr);
  // Movie features for a config with filmFeatures: movies.csv from NCF_MOVIES.
  const moviesPath = process.env.NCF_MOVIES;
  const movieFeatures = moviesPath ? (await readMovies(moviesPath)).movieFeatures : undefined;
  if (mode === 'split' && a && b) {
    const config = base === 'faithful' ? faithfulConfig(1) : bestConfig(1);
    config.ncf = { ...config.ncf, ...overrides };
    const result = await evaluateRatingSplit({
      train: await readRatingsFile(a),
      test: await readRatingsFile(b),
      config,
      progress,
      movieFeatures,
    });
    const { rmse, mae, epochs, trainSeconds, valRmse } = result;
    console.log(JSON.stringify({ overrides, base, valRmse, rmse, mae, epochs, trainSeconds }));
    return;
  }
  if (mode === 'coldstart' && a && b) {
    const seed = Number(b);
    const given = 10;
    const split = splitNewUsers(await readRatingsFile(a), { given, seed });
    const config = base === 'faithful' ? faithfulConfig(seed) : bestConfig(seed);
    config.ncf = { ...config.ncf, ...overrides };
    const { artifact, metrics } = await trainOnRatings(
      split.train,
      config.ncf,
      progress,
      movieFeatures,
    );
    const stats = new RatingStats(split.train);
    const lambda = chooseOffsetLambda(split.train, given, seed);
    const offset = scoreColdStart(split.users, (u) =>
      predictUserOffset(
        stats,
        u.revealed,
        u.hidden.map((h) => h.movieId),
        lambda,
      ),
    );
    console.log(JSON.stringify({ seed, userOffset: offset, valRmse: metrics.valRmse }));
    for (const method of FOLD_IN_METHODS) {
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
      const gain = 1 - score.rmse / offset.rmse;
      console.log(
        JSON.stringify({
          overrides,
          method,
          ...score,
          rmseGainPct: Number((100 * gain).toFixed(2)),
          ndcgGain: Number((score.ndcg10 - offset.ndcg10).toFixed(4)),
          msPerUser: Number(ms.toFixed(2)),
        }),
      );
    }
    return;
  }
  throw new Error('usage: see the comment at the top of tune-model.ts');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
