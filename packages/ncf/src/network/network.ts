import { MIN_RATING } from '../format/ratings';
import { ArtifactError, type NcfArtifact } from '../format/artifact';
import { modelOptions } from '../format/config';
import { RATING_RANGE } from './rating-scale';
import {
  MOVIE_BIAS,
  MOVIE_EMBEDDING,
  MOVIE_GMF,
  OUTPUT_BIAS,
  OUTPUT_KERNEL,
  USER_BIAS,
  USER_EMBEDDING,
  USER_GMF,
  hiddenBias,
  hiddenKernel,
} from '../format/weights-layout';

/** One dense layer as plain arrays: kernel row-major [inputs, units]. */
export interface DenseWeights {
  inputs: number;
  units: number;
  kernel: Float32Array;
  bias: Float32Array;
}

/** A forward pass of one (user, movie) pair, kept for the backward pass. */
export interface ForwardPass {
  /** Post-ReLU activations of each hidden layer. */
  hidden: Float64Array[];
  sigmoid: number;
  rating: number;
}

/**
 * A trained NCF's weights as plain typed arrays (no tfjs), in inference mode (dropout off).
 *
 * A user is one flat vector, the "user vector": [MLP embedding (embedDim) | GMF embedding
 * (gmfDim) | bias (1 if the model has bias terms)]. For the faithful model it is just the
 * embedding. The output logit of (user u, movie i) is
 *   z = wHidden . MLP(relu(W1u^T u_mlp + W1m^T m_i + b1)) + (wGmf * g_i) . u_gmf + b_i + b0 +
 * u_bias and the rating 0.5 + 4.5 sigmoid(z).
 */
export class NcfNetwork {
  readonly embedDim: number;
  readonly gmfDim: number;
  readonly hasBias: boolean;
  /** Length of a user vector. */
  readonly userVectorLength: number;
  readonly movieIds: number[];
  readonly movieIndex: Map<number, number>;
  readonly userIds: number[];
  /** Model user index by user id: the users the network was trained on. */
  readonly userIndex: Map<number, number>;
  readonly movieEmbeddings: Float32Array;
  /** Movie GMF embeddings times the output layer's GMF weights, row-major [movies, gmfDim]. */
  readonly weightedMovieGmf: Float32Array;
  /** b_i + b0 per movie (b0 alone without bias terms). */
  readonly movieLinear: Float32Array;
  /** First hidden kernel's user rows, row-major [embedDim, h0]. */
  readonly firstUserKernel: Float32Array;
  /** First hidden kernel's movie rows, row-major [embedDim, h0]. */
  readonly firstMovieKernel: Float32Array;
  readonly firstBias: Float32Array;
  readonly firstUnits: number;
  readonly laterLayers: DenseWeights[];
  /** Output weights of the last hidden layer's units. */
  readonly outputKernel: Float32Array;
  readonly outputBias: number;
  /** Every trained user's vector, row-major [users, userVectorLength]. */
  readonly userVectors: Float32Array;
  /**
   * ratingGradient's two layer-gradient buffers (widest layer each), reused by every call:
   * calls are synchronous, so one never sees another's values.
   */
  private readonly backwardScratch: [Float64Array, Float64Array];
  /** ratingGradient's list of the units a ReLU left on, reused likewise. */
  private readonly activeScratch: Int32Array;

  constructor(artifact: NcfArtifact) {
    const weight = (name: string) => {
      const w = artifact.weights.find((x) => x.name === name);
      if (!w) throw new ArtifactError(`weight ${name} is missing`);
      return w.data;
    };
    const { config } = artifact;
    const { gmfDim, biases } = modelOptions(config);
    const d = config.embedDim;
    const units = config.hiddenUnits;
    const h0 = units[0] as number;
    const last = units[units.length - 1] as number;
    this.embedDim = d;
    this.gmfDim = gmfDim;
    this.hasBias = biases;
    this.userVectorLength = d + gmfDim + (biases ? 1 : 0);
    this.movieIds = [...artifact.movieIds];
    this.movieIndex = new Map(this.movieIds.map((id, i) => [id, i]));
    this.userIds = [...artifact.userIds];
    this.userIndex = new Map(this.userIds.map((id, i) => [id, i]));
    const movies = this.movieIds.length;
    this.movieEmbeddings = weight(MOVIE_EMBEDDING);

    const w1 = weight(hiddenKernel(0));
    this.firstUnits = h0;
    this.firstUserKernel = w1.subarray(0, d * h0);
    this.firstMovieKernel = w1.subarray(d * h0);
    this.firstBias = weight(hiddenBias(0));
    this.laterLayers = units.slice(1).map((u, k) => ({
      inputs: units[k] as number,
      units: u,
      kernel: weight(hiddenKernel(k + 1)),
      bias: weight(hiddenBias(k + 1)),
    }));
    const outKernel = weight(OUTPUT_KERNEL);
    this.outputKernel = outKernel.subarray(0, last);
    this.outputBias = weight(OUTPUT_BIAS)[0] as number;
    const widest = Math.max(...units);
    this.backwardScratch = [new Float64Array(widest), new Float64Array(widest)];
    this.activeScratch = new Int32Array(widest);

    const gmfWeights = outKernel.subarray(last);
    this.weightedMovieGmf = new Float32Array(movies * gmfDim);
    if (gmfDim > 0) {
      const movieGmf = weight(MOVIE_GMF);
      for (let i = 0; i < movies * gmfDim; i++) {
        this.weightedMovieGmf[i] = (movieGmf[i] as number) * (gmfWeights[i % gmfDim] as number);
      }
    }
    this.movieLinear = new Float32Array(movies).fill(this.outputBias);
    if (biases) {
      const movieBias = weight(MOVIE_BIAS);
      for (let i = 0; i < movies; i++) {
        this.movieLinear[i] = (this.movieLinear[i] as number) + (movieBias[i] as number);
      }
    }

    const users = this.userIds.length;
    const p = this.userVectorLength;
    this.userVectors = new Float32Array(users * p);
    const userEmbedding = weight(USER_EMBEDDING);
    const userGmf = gmfDim > 0 ? weight(USER_GMF) : null;
    const userBias = biases ? weight(USER_BIAS) : null;
    for (let u = 0; u < users; u++) {
      const row = u * p;
      this.userVectors.set(userEmbedding.subarray(u * d, (u + 1) * d), row);
      if (userGmf) this.userVectors.set(userGmf.subarray(u * gmfDim, (u + 1) * gmfDim), row + d);
      if (userBias) this.userVectors[row + p - 1] = userBias[u] as number;
    }
  }

  get movieCount(): number {
    return this.movieIds.length;
  }

  /** The trained vector of training user `index` (a copy). */
  trainedUserVector(index: number): Float32Array {
    const p = this.userVectorLength;
    return this.userVectors.slice(index * p, (index + 1) * p);
  }

  /** out[0..h0) = m_i @ W1[movie rows] + b1: the movie's part of the first hidden layer. */
  movieFirstLayer(movie: number, out: Float32Array | Float64Array, outOffset = 0): void {
    const d = this.embedDim;
    const h0 = this.firstUnits;
    for (let j = 0; j < h0; j++) out[outOffset + j] = this.firstBias[j] as number;
    const kernel = this.firstMovieKernel;
    const e = this.movieEmbeddings;
    for (let k = 0; k < d; k++) {
      const a = e[movie * d + k] as number;
      const row = k * h0;
      for (let j = 0; j < h0; j++) {
        out[outOffset + j] = (out[outOffset + j] as number) + a * (kernel[row + j] as number);
      }
    }
  }

  /**
   * u_mlp @ W1[user rows]: the user's part of the first hidden layer (length h0), written to
   * `out` when given (a caller folding users in reuses one buffer).
   */
  userFirstLayer(
    user: Float32Array | Float64Array,
    out: Float64Array = new Float64Array(this.firstUnits),
  ): Float64Array {
    const d = this.embedDim;
    const h0 = this.firstUnits;
    out.fill(0, 0, h0);
    for (let k = 0; k < d; k++) {
      const a = user[k] as number;
      if (a === 0) continue;
      const row = k * h0;
      for (let j = 0; j < h0; j++)
        out[j] = (out[j] as number) + a * (this.firstUserKernel[row + j] as number);
    }
    return out;
  }

  /** Buffers for one forward pass, to hand to forward() again and again. */
  newForwardPass(): ForwardPass {
    const hidden = [this.firstUnits, ...this.laterLayers.map((l) => l.units)];
    return { hidden: hidden.map((units) => new Float64Array(units)), sigmoid: 0, rating: 0 };
  }

  /**
   * The logit and rating of one movie for a user, given the user's first-layer part and the
   * movie's (so a caller scoring many pairs computes each part once). Fills `into` (from
   * newForwardPass()) when given, else a new pass.
   */
  forward(
    user: Float32Array | Float64Array,
    userPart: Float64Array,
    moviePart: Float64Array,
    movie: number,
    into: ForwardPass = this.newForwardPass(),
  ): ForwardPass {
    const h0 = this.firstUnits;
    const hidden = into.hidden;
    let current = hidden[0] as Float64Array;
    for (let j = 0; j < h0; j++) {
      const v = (userPart[j] as number) + (moviePart[j] as number);
      current[j] = v > 0 ? v : 0;
    }
    const layers = this.laterLayers;
    for (let l = 0; l < layers.length; l++) {
      const { inputs, units, kernel, bias } = layers[l] as DenseWeights;
      const next = hidden[l + 1] as Float64Array;
      next.set(bias);
      for (let k = 0; k < inputs; k++) {
        const a = current[k] as number;
        if (a === 0) continue;
        const row = k * units;
        for (let j = 0; j < units; j++)
          next[j] = (next[j] as number) + a * (kernel[row + j] as number);
      }
      for (let j = 0; j < units; j++) if ((next[j] as number) < 0) next[j] = 0;
      current = next;
    }
    let z = this.movieLinear[movie] as number;
    for (let k = 0; k < current.length; k++)
      z += (current[k] as number) * (this.outputKernel[k] as number);
    const d = this.embedDim;
    const g = this.gmfDim;
    for (let k = 0; k < g; k++) {
      z += (user[d + k] as number) * (this.weightedMovieGmf[movie * g + k] as number);
    }
    if (this.hasBias) z += user[this.userVectorLength - 1] as number;
    const sigmoid = 1 / (1 + Math.exp(-z));
    into.sigmoid = sigmoid;
    into.rating = MIN_RATING + RATING_RANGE * sigmoid;
    return into;
  }

  /** out = d(rating)/d(user vector) at a forward pass of movie `movie`. */
  ratingGradient(pass: ForwardPass, movie: number, out: Float64Array): void {
    const dz = RATING_RANGE * pass.sigmoid * (1 - pass.sigmoid);
    const layers = this.laterLayers;
    let [dOut, dIn] = this.backwardScratch;
    const last = this.outputKernel.length;
    for (let k = 0; k < last; k++) dOut[k] = dz * (this.outputKernel[k] as number);
    // Units a ReLU switched off pass no gradient back: the sums run over the others only (the
    // terms left out are zeros, so the sums are the same).
    const active = this.activeScratch;
    for (let l = layers.length - 1; l >= 0; l--) {
      const { inputs, units, kernel } = layers[l] as DenseWeights;
      const activation = pass.hidden[l + 1] as Float64Array;
      let count = 0;
      for (let j = 0; j < units; j++) if ((activation[j] as number) > 0) active[count++] = j;
      for (let i = 0; i < inputs; i++) {
        let s = 0;
        const row = i * units;
        for (let m = 0; m < count; m++) {
          const j = active[m] as number;
          s += (kernel[row + j] as number) * (dOut[j] as number);
        }
        dIn[i] = s;
      }
      [dOut, dIn] = [dIn, dOut];
    }
    const first = pass.hidden[0] as Float64Array;
    const h0 = this.firstUnits;
    let count = 0;
    for (let j = 0; j < h0; j++) if ((first[j] as number) > 0) active[count++] = j;
    const d = this.embedDim;
    for (let k = 0; k < d; k++) {
      let s = 0;
      const row = k * h0;
      for (let m = 0; m < count; m++) {
        const j = active[m] as number;
        s += (this.firstUserKernel[row + j] as number) * (dOut[j] as number);
      }
      out[k] = s;
    }
    const g = this.gmfDim;
    for (let k = 0; k < g; k++) out[d + k] = dz * (this.weightedMovieGmf[movie * g + k] as number);
    if (this.hasBias) out[this.userVectorLength - 1] = dz;
  }

  /**
   * Predicted rating of every movie for a user vector (the reference scorer: plain loops), or of
   * the movies at `indices` only (scores aligned with them). `movieParts` holds every movie's row.
   */
  scoreAllWithLoops(
    user: Float32Array,
    movieParts: Float32Array,
    indices?: Int32Array,
  ): Float32Array {
    const h0 = this.firstUnits;
    const userPart = this.userFirstLayer(user);
    const count = indices ? indices.length : this.movieCount;
    const scores = new Float32Array(count);
    const moviePart = new Float64Array(h0);
    const pass = this.newForwardPass();
    for (let k = 0; k < count; k++) {
      const i = indices ? (indices[k] as number) : k;
      for (let j = 0; j < h0; j++) moviePart[j] = movieParts[i * h0 + j] as number;
      scores[k] = this.forward(user, userPart, moviePart, i, pass).rating;
    }
    return scores;
  }
}
