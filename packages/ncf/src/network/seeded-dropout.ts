import * as tf from '@tensorflow/tfjs';
import { createRandom } from '../format/random';

type LayerArgs = ConstructorParameters<typeof tf.layers.Layer>[0];

export interface SeededDropoutArgs extends NonNullable<LayerArgs> {
  rate: number;
  seed: number;
}

/**
 * Dropout whose masks come from a seeded stream, so training is repeatable. tfjs' own Dropout
 * with a `seed` draws the same mask on every call, and without one it is not repeatable.
 * Identity at inference, inverted-dropout scaling (1 / keep) in training, like tf.layers.dropout.
 */
export class SeededDropout extends tf.layers.Layer {
  static className = 'SeededDropout';
  readonly rate: number;
  readonly seed: number;
  private readonly random: () => number;

  constructor(args: SeededDropoutArgs) {
    super(args);
    this.rate = args.rate;
    this.seed = args.seed;
    this.random = createRandom(args.seed);
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!x) throw new Error('SeededDropout expects one input');
    if (kwargs.training !== true || this.rate === 0) return x;
    const maskSeed = Math.floor(this.random() * 2 ** 31);
    return tf.tidy(() => tf.dropout(x, this.rate, undefined, maskSeed));
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed };
  }
}
tf.serialization.registerClass(SeededDropout);
