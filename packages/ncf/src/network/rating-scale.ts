import * as tf from '@tensorflow/tfjs';
import { MAX_RATING, MIN_RATING } from '../format/ratings';

export const RATING_RANGE = MAX_RATING - MIN_RATING;

type LayerArgs = ConstructorParameters<typeof tf.layers.Layer>[0];

/** Maps a sigmoid output in [0, 1] to a star rating in [0.5, 5]: 0.5 + 4.5x. */
export class RatingScale extends tf.layers.Layer {
  static className = 'RatingScale';

  constructor(args: LayerArgs = {}) {
    super(args);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.tidy(() => {
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      if (!x) throw new Error('RatingScale expects one input');
      return tf.add(tf.mul(x, RATING_RANGE), MIN_RATING);
    });
  }
}
tf.serialization.registerClass(RatingScale);
