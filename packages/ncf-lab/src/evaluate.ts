import type { RatingRecord } from '@marquee/movielens';
import type { LabConfig } from './lab-config';
import { mae, rmse } from './metrics';
import { ArtifactPredictor } from './predictor';
import type { Progress } from './progress';
import { RatingStats } from './rating-stats';
import { trainOnRatings } from './training';
import { groupByUser } from './triples';

export interface RatingSplitResult {
  rmse: number;
  mae: number;
  /** Test ratings predicted. */
  n: number;
  trainSeconds: number;
  /** Validation RMSE of the kept epoch (on the split carved from the training file). */
  valRmse: number;
  epochs: number;
  backend: string;
  /** How many test ratings needed a fallback: movie unknown to training, user unknown to it. */
  fallbacks: { unknownMovie: number; unknownUser: number };
  config: LabConfig;
}

/**
 * Trains on `train` and predicts every rating of `test`. A test user seen in training is
 * predicted from their trained embedding; a movie training never saw gets that user's mean
 * training rating; a user training never saw (no fold-in is possible from the test file)
 * gets each movie's mean training rating, or the global mean for movies unseen too.
 */
export async function evaluateRatingSplit(input: {
  train: readonly RatingRecord[];
  test: readonly RatingRecord[];
  config: LabConfig;
  progress: Progress;
  /** Feature tokens by movie (from movies.csv), for a config with filmFeatures. */
  movieFeatures?: ReadonlyMap<number, readonly string[]>;
}): Promise<RatingSplitResult> {
  const { train, test, config, progress, movieFeatures } = input;
  const { artifact, metrics } = await trainOnRatings(train, config.ncf, progress, movieFeatures);
  const predictor = new ArtifactPredictor(artifact, config.foldIn);
  const stats = new RatingStats(train);

  const predicted: number[] = [];
  const actual: number[] = [];
  const fallbacks = { unknownMovie: 0, unknownUser: 0 };
  for (const [userId, ratings] of groupByUser(test)) {
    const user = predictor.trainedUser(userId);
    const movieIds = ratings.map((r) => r.movieId);
    const modelScores = user ? predictor.predict(user, movieIds) : undefined;
    ratings.forEach((r, i) => {
      let p: number;
      if (!modelScores) {
        fallbacks.unknownUser++;
        p = stats.movieMean(r.movieId);
      } else if (Number.isNaN(modelScores[i])) {
        fallbacks.unknownMovie++;
        p = stats.userMean(userId);
      } else {
        p = modelScores[i] as number;
      }
      predicted.push(p);
      actual.push(r.rating);
    });
  }
  predictor.dispose();
  return {
    rmse: rmse(predicted, actual),
    mae: mae(predicted, actual),
    n: actual.length,
    trainSeconds: metrics.trainSeconds,
    valRmse: metrics.valRmse,
    epochs: metrics.epochs,
    backend: metrics.backend,
    fallbacks,
    config,
  };
}
