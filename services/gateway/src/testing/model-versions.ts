import type { ModelDataSnapshot, ModelMetrics } from '@marquee/contracts';
import { type Db, ModelRegistry } from '@marquee/db';
import { createHash, randomBytes } from 'node:crypto';

export interface SeededVersion {
  version: number;
  /** null for a version that was never published. */
  checksum: string | null;
  metrics: ModelMetrics | null;
  dataSnapshot: ModelDataSnapshot | null;
}

/**
 * Metrics of a published test version, every optional figure included (so the API is seen to pass
 * them on); valRmse tells versions apart.
 */
export function testMetrics(valRmse: number): ModelMetrics {
  return {
    valRmse,
    trainLoss: valRmse - 0.1,
    epochs: 3,
    trainSeconds: 1.5,
    backend: 'cpu',
    ratings: 100,
    users: 10,
    movies: 20,
    newUser: {
      users: 2,
      given: 10,
      predicted: 12,
      rmse: 1.0625,
      ndcg10: 0.375,
      ndcg10Liked: 0.25,
      likedUsers: 1,
      precision10: 0.15,
    },
    ranking: { valNdcg: 0.3125, bestEpoch: 2, epochs: 4, seconds: 0.5 },
  };
}

/**
 * A model version in the registry as the trainer leaves it: TRAINING (created), READY
 * (published, opaque random bytes), ACTIVE (published then activated) or FAILED.
 */
export async function seedModelVersion(
  db: Db,
  status: 'TRAINING' | 'READY' | 'ACTIVE' | 'FAILED',
  valRmse = 0.9,
): Promise<SeededVersion> {
  const registry = new ModelRegistry(db);
  const version = await registry.createTraining({ embedDim: 4 });
  if (status === 'TRAINING') {
    return { version, checksum: null, metrics: null, dataSnapshot: null };
  }
  if (status === 'FAILED') {
    await registry.markFailed(version, 'test: training broke');
    return { version, checksum: null, metrics: null, dataSnapshot: null };
  }
  const artifact = randomBytes(32);
  const checksum = createHash('sha256').update(artifact).digest('hex');
  const metrics = testMetrics(valRmse);
  const dataSnapshot = { ratings: metrics.ratings, newestRatedAt: '2024-01-02T03:04:05.000Z' };
  await registry.publish(version, { artifact, checksum, metrics, dataSnapshot });
  if (status === 'ACTIVE') {
    await registry.activate(version);
  }
  return { version, checksum, metrics, dataSnapshot };
}
