import { MAX_RATING, MIN_RATING } from '@marquee/contracts';
import { weightLayout, type MovieRating, type NcfArtifact } from '@marquee/ncf';

const RATING_RANGE = MAX_RATING - MIN_RATING;

interface Dense {
  inputs: number;
  units: number;
  /** Row-major [inputs, units]. */
  kernel: Float32Array;
  bias: Float32Array;
}

export interface GradientFoldInOptions {
  /** Gradient steps (Adam) on the user vector. */
  steps: number;
  learningRate: number;
  /** Weight of ||u - u0||^2 (u0 = the starting vector) added to the mean squared error. */
  l2: number;
}

/**
 * The trained network with every weight frozen, in plain TypeScript: predicts ratings of
 * (user vector, film) pairs and fits a new user's vector to a few ratings by gradient descent
 * through the network (the same math as the tfjs model in inference mode: dropout off).
 */
export class FrozenNcf {
  readonly embedDim: number;
  private readonly movieIndex: Map<number, number>;
  private readonly movieEmbeddings: Float32Array;
  private readonly userEmbeddings: Float32Array;
  private readonly userIndex: Map<number, number>;
  private readonly layers: Dense[];
  private readonly outputKernel: Float32Array;
  private readonly outputBias: number;

  constructor(artifact: NcfArtifact) {
    const { config } = artifact;
    const layout = weightLayout(config, artifact.userIds.length, artifact.movieIds.length);
    const data = layout.map(({ name }) => {
      const w = artifact.weights.find((x) => x.name === name);
      if (!w) throw new Error(`artifact has no weight ${name}`);
      return w.data;
    });
    const at = (i: number) => data[i] as Float32Array;
    this.embedDim = config.embedDim;
    this.userEmbeddings = at(0);
    this.movieEmbeddings = at(1);
    let inputs = 2 * config.embedDim;
    this.layers = config.hiddenUnits.map((units, k) => {
      const layer = { inputs, units, kernel: at(2 + 2 * k), bias: at(3 + 2 * k) };
      inputs = units;
      return layer;
    });
    const out = 2 + 2 * config.hiddenUnits.length;
    this.outputKernel = at(out);
    this.outputBias = at(out + 1)[0] as number;
    this.userIndex = new Map(artifact.userIds.map((id, i) => [id, i]));
    this.movieIndex = new Map(artifact.movieIds.map((id, i) => [id, i]));
  }

  /** The trained embedding of a training user, or undefined for a user the model never saw. */
  userVector(userId: number): Float32Array | undefined {
    const i = this.userIndex.get(userId);
    if (i === undefined) return undefined;
    return this.userEmbeddings.slice(i * this.embedDim, (i + 1) * this.embedDim);
  }

  knowsMovie(movieId: number): boolean {
    return this.movieIndex.has(movieId);
  }

  /** Predicted rating of a film the model knows. */
  predict(user: Float32Array, movieId: number): number {
    return this.forward(user, this.requireMovie(movieId)).rating;
  }

  /**
   * Starts from `start` and takes Adam steps on the user vector to lower the mean squared error
   * on the known films among `ratings` plus l2 * ||u - start||^2. Returns `start` unchanged when
   * none of the films is known.
   */
  fitUser(start: Float32Array, ratings: readonly MovieRating[], options: GradientFoldInOptions) {
    const known = ratings.filter((r) => this.movieIndex.has(r.movieId));
    const d = this.embedDim;
    const user = Float32Array.from(start);
    if (known.length === 0 || options.steps <= 0) return user;
    const indices = known.map((r) => this.requireMovie(r.movieId));
    const grad = new Float64Array(d);
    const m = new Float64Array(d);
    const v = new Float64Array(d);
    const beta1 = 0.9;
    const beta2 = 0.999;
    for (let step = 1; step <= options.steps; step++) {
      grad.fill(0);
      known.forEach((r, j) => {
        const pass = this.forward(user, indices[j] as number);
        const dRating = (2 * (pass.rating - r.rating)) / known.length;
        this.backwardToUser(pass, dRating, grad);
      });
      for (let k = 0; k < d; k++) {
        const g =
          (grad[k] as number) + 2 * options.l2 * ((user[k] as number) - (start[k] as number));
        m[k] = beta1 * (m[k] as number) + (1 - beta1) * g;
        v[k] = beta2 * (v[k] as number) + (1 - beta2) * g * g;
        const mHat = (m[k] as number) / (1 - beta1 ** step);
        const vHat = (v[k] as number) / (1 - beta2 ** step);
        user[k] = (user[k] as number) - (options.learningRate * mHat) / (Math.sqrt(vHat) + 1e-8);
      }
    }
    return user;
  }

  private requireMovie(movieId: number): number {
    const i = this.movieIndex.get(movieId);
    if (i === undefined) throw new RangeError(`movie ${movieId} is unknown to the model`);
    return i;
  }

  private forward(user: Float32Array, movie: number) {
    const d = this.embedDim;
    let input = new Float64Array(2 * d);
    for (let k = 0; k < d; k++) {
      input[k] = user[k] as number;
      input[d + k] = this.movieEmbeddings[movie * d + k] as number;
    }
    /** Inputs of each layer, then the last hidden activation. */
    const activations: Float64Array[] = [input];
    for (const { inputs, units, kernel, bias } of this.layers) {
      const out = Float64Array.from(bias);
      for (let i = 0; i < inputs; i++) {
        const a = input[i] as number;
        if (a === 0) continue;
        for (let j = 0; j < units; j++)
          out[j] = (out[j] as number) + a * (kernel[i * units + j] as number);
      }
      for (let j = 0; j < units; j++) if ((out[j] as number) < 0) out[j] = 0;
      activations.push(out);
      input = out;
    }
    let z = this.outputBias;
    for (let k = 0; k < input.length; k++)
      z += (input[k] as number) * (this.outputKernel[k] as number);
    const sigmoid = 1 / (1 + Math.exp(-z));
    return { activations, sigmoid, rating: MIN_RATING + RATING_RANGE * sigmoid };
  }

  /** Adds d(rating)/d(user) * dRating to grad. */
  private backwardToUser(
    pass: ReturnType<FrozenNcf['forward']>,
    dRating: number,
    grad: Float64Array,
  ): void {
    const dz = dRating * RATING_RANGE * pass.sigmoid * (1 - pass.sigmoid);
    const last = pass.activations[pass.activations.length - 1] as Float64Array;
    let dOut = new Float64Array(last.length);
    for (let k = 0; k < last.length; k++) dOut[k] = dz * (this.outputKernel[k] as number);
    for (let l = this.layers.length - 1; l >= 0; l--) {
      const { inputs, units, kernel } = this.layers[l] as Dense;
      const out = pass.activations[l + 1] as Float64Array;
      // ReLU: no gradient where the unit was off.
      for (let j = 0; j < units; j++) if ((out[j] as number) <= 0) dOut[j] = 0;
      // The first layer only needs the rows that multiply the user vector.
      const rows = l === 0 ? this.embedDim : inputs;
      const dIn = new Float64Array(rows);
      for (let i = 0; i < rows; i++) {
        let s = 0;
        for (let j = 0; j < units; j++)
          s += (kernel[i * units + j] as number) * (dOut[j] as number);
        dIn[i] = s;
      }
      dOut = dIn;
    }
    for (let k = 0; k < this.embedDim; k++) grad[k] = (grad[k] as number) + (dOut[k] as number);
  }
}
