import type { ModelMetrics } from '@marquee/contracts';
import type { ModelRegistry } from '@marquee/db';
import {
  artifactChecksum,
  buildReasonNeighbours,
  createRandom,
  DEFAULT_NCF_CONFIG,
  serializeArtifact,
  trainNcf,
  type NcfConfig,
} from '@marquee/ncf';

export const TINY_USERS = 30;
export const TINY_MOVIES = 40;

/**
 * Ratings of 30 users on 40 movies (ids 1..40) with latent structure: 2-d taste vectors,
 * rating = 3 + 3 * (u . v) + noise in half stars, 60% of movies rated per user.
 */
export function tinyTriples(seed = 11) {
  const random = createRandom(seed);
  const vector = () => [random() * 2 - 1, random() * 2 - 1] as const;
  const movieTaste = Array.from({ length: TINY_MOVIES }, vector);
  const userIds: number[] = [];
  const movieIds: number[] = [];
  const ratings: number[] = [];
  for (let user = 1; user <= TINY_USERS; user++) {
    const [ux, uy] = vector();
    movieTaste.forEach(([mx, my], i) => {
      if (random() > 0.6) return;
      const raw = 3 + 3 * (ux * mx + uy * my) + (random() - 0.5) * 0.5;
      userIds.push(user);
      movieIds.push(i + 1);
      ratings.push(Math.min(5, Math.max(0.5, Math.round(raw * 2) / 2)));
    });
  }
  return {
    userIds: Int32Array.from(userIds),
    movieIds: Int32Array.from(movieIds),
    ratings: Float32Array.from(ratings),
  };
}

export interface TinyModel {
  bytes: Buffer;
  checksum: string;
  metrics: ModelMetrics;
  config: NcfConfig;
}

/**
 * Trains a small NCF on tinyTriples for two epochs: seconds, not minutes. With `reasons`, the
 * version carries its movies' co-rating neighbours, as the trainer's do.
 */
export async function trainTinyModel(
  seed = 11,
  options: { reasons?: boolean } = {},
): Promise<TinyModel> {
  const data = tinyTriples(seed);
  const config: NcfConfig = {
    ...DEFAULT_NCF_CONFIG,
    embedDim: 8,
    hiddenUnits: [16, 8],
    batchSize: 64,
    maxEpochs: 2,
    seed,
  };
  const { artifact, metrics } = await trainNcf(data, config);
  const bytes = serializeArtifact(
    options.reasons
      ? { ...artifact, reasonNeighbours: buildReasonNeighbours(data, artifact.movieIds) }
      : artifact,
  );
  return {
    bytes,
    checksum: artifactChecksum(bytes),
    config,
    metrics: {
      ...metrics,
      ratings: data.ratings.length,
      users: new Set(data.userIds).size,
      movies: new Set(data.movieIds).size,
    },
  };
}

/** Registers and publishes `model` as a new READY version; returns the version number. */
export async function publishTinyModel(registry: ModelRegistry, model: TinyModel): Promise<number> {
  const version = await registry.createTraining(model.config);
  await registry.publish(version, {
    artifact: model.bytes,
    checksum: model.checksum,
    metrics: model.metrics,
    dataSnapshot: { ratings: model.metrics.ratings, newestRatedAt: null },
  });
  return version;
}
