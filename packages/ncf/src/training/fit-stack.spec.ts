import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../network/backend';
import { BEST_NCF_CONFIG, type NcfConfig } from '../format/config';
import { NcfScorer } from '../serving/scorer';
import { buildSyntheticTriples } from '../testing/synthetic-triples';
import { trainForServing } from './train-for-serving';
import type { TrainingTriples } from './triples';
import {
  DEFAULT_STACK_FIT,
  canFitInWorker,
  fitNewUserStack,
  fitNewUserStackInWorker,
  type StackFit,
} from './fit-stack';
import { LAMBDA_GRID } from '../serving/user-offset';

// The synthetic films have no features: neither network learns from them.
const { newUserFeatures: _noFeatures, ...ranking } = BEST_NCF_CONFIG.ranking!;
const config: NcfConfig = {
  ...BEST_NCF_CONFIG,
  embedDim: 8,
  hiddenUnits: [16, 8],
  gmfDim: 4,
  filmFeatures: false,
  ranking,
  batchSize: 128,
  maxEpochs: 4,
  patience: 2,
  seed: 5,
};
// 90 users with 30 ratings each of 80 movies: the first 60 are the training data, the last 30
// come later as new users.
const all = buildSyntheticTriples({ users: 90, movies: 80, ratingsPerUser: 30, seed: 9 });
const data = usersWhere(all, (user) => user <= 60);
const newUsers = usersWhere(all, (user) => user > 60);

let fit: StackFit;
const notes: string[] = [];
beforeAll(async () => {
  await initBackend();
  fit = (await fitNewUserStack(data, config, DEFAULT_STACK_FIT, (n) => notes.push(n)))!;
}, 60_000);

describe('fitNewUserStack', () => {
  it('trains one short fold model per group of users', () => {
    expect(notes).toHaveLength(DEFAULT_STACK_FIT.folds);
    for (const note of notes) expect(note).toMatch(/^fold model \d\/3: 3 epochs in/);
  });

  it('plays every user with more than `given` ratings as a new user, `draws` times', () => {
    // Every user has 30 ratings: 10 revealed, 20 predicted, in each draw.
    expect(fit.users).toBe(60);
    const examples = fit.examples.reduce((a, b) => a + b, 0);
    expect(examples).toBe(60 * 20 * DEFAULT_STACK_FIT.draws);
    expect(LAMBDA_GRID).toContain(fit.stack.lambda);
    expect(fit.stack.foldIn).toBe('map');
    expect(fit.stack.weights).toHaveLength(fit.stack.bucketEdges.length);
  });

  it('gives the same weights for the same data and config', async () => {
    const again = await fitNewUserStack(data, config);
    expect(again!.stack).toEqual(fit.stack);
  }, 60_000);

  it('is the plain network under a huge ridge (beta 1, everything else 0)', async () => {
    const pinned = await fitNewUserStack(data, config, { ...DEFAULT_STACK_FIT, ridge: 1e12 });
    for (const w of pinned!.stack.weights) {
      expect(w[0]).toBeCloseTo(0, 6);
      expect(w[1]).toBeCloseTo(1, 6);
      expect(w[2]).toBeCloseTo(0, 6);
      expect(w[3]).toBeCloseTo(0, 6);
    }
  }, 60_000);

  it('fits nothing with fewer qualifying users than minUsers, without training', async () => {
    const trained: string[] = [];
    const note = (n: string) => trained.push(n);
    expect(await fitNewUserStack(data, config, { ...DEFAULT_STACK_FIT, minUsers: 61 }, note)).toBe(
      null,
    );
    expect(await fitNewUserStack(data, config, { ...DEFAULT_STACK_FIT, given: 30 }, note)).toBe(
      null,
    );
    expect(trained).toEqual([]);
  });
});

describe('the fitted stack, served', () => {
  it('predicts users who arrive after training better than the network alone', async () => {
    const served = await trainForServing(data, config, { newUserStack: true });
    expect(served.stackFit!.stack).toEqual(fit.stack);
    const { newUserStack } = served.artifact;
    const plain = { ...served.artifact, newUserStack: undefined };
    const withStack = newUserError(served.artifact);
    const without = newUserError(plain);
    expect(newUserStack).toBeDefined();
    expect(withStack).toBeLessThan(without);
  }, 60_000);
});

describe('fitNewUserStackInWorker', () => {
  // The worker runs the package's build; typecheck (tsc -b) makes it before the tests.
  const script = join(__dirname, '../../dist/training/stack-fit-worker.js');
  const built = existsSync(script);

  it('is used only from the build (these tests run the TypeScript sources)', () => {
    expect(canFitInWorker()).toBe(false);
  });

  (built ? it : it.skip)(
    'fits the same stack in a worker thread as in this one',
    async () => {
      const notesFromWorker: string[] = [];
      const inWorker = await fitNewUserStackInWorker(
        { data, config, options: DEFAULT_STACK_FIT },
        (n) => notesFromWorker.push(n),
        undefined,
        script,
      );
      expect(inWorker!.stack).toEqual(fit.stack);
      expect(inWorker!.examples).toEqual(fit.examples);
      expect(notesFromWorker).toHaveLength(DEFAULT_STACK_FIT.folds);
    },
    60_000,
  );

  (built ? it : it.skip)('reports a failure in the worker as a rejection', async () => {
    const bad = { ...config, hiddenUnits: [] };
    await expect(
      fitNewUserStackInWorker(
        { data, config: bad, options: DEFAULT_STACK_FIT },
        undefined,
        undefined,
        script,
      ),
    ).rejects.toThrow(/new-user stack fit failed: .*hiddenUnits/);
  });
});

function usersWhere(triples: TrainingTriples, keep: (user: number) => boolean): TrainingTriples {
  const rows = [...triples.userIds.keys()].filter((r) => keep(triples.userIds[r]!));
  return {
    userIds: Int32Array.from(rows, (r) => triples.userIds[r]!),
    movieIds: Int32Array.from(rows, (r) => triples.movieIds[r]!),
    ratings: Float32Array.from(rows, (r) => triples.ratings[r]!),
  };
}

/** Squared error over the new users' ratings, each revealing their first 10 (the serving path). */
function newUserError(artifact: Parameters<typeof NcfScorer.fromArtifact>[0]): number {
  const scorer = NcfScorer.fromArtifact(artifact);
  try {
    const byUser = new Map<number, { movieId: number; rating: number }[]>();
    newUsers.userIds.forEach((user, r) => {
      const list = byUser.get(user) ?? [];
      list.push({ movieId: newUsers.movieIds[r]!, rating: newUsers.ratings[r]! });
      byUser.set(user, list);
    });
    const index = new Map(artifact.movieIds.map((id, i) => [id, i]));
    let sse = 0;
    for (const own of byUser.values()) {
      const predicted = scorer.predictNewUser(own.slice(0, 10));
      for (const { movieId, rating } of own.slice(10)) {
        const i = index.get(movieId);
        if (i !== undefined) sse += (predicted[i]! - rating) ** 2;
      }
    }
    return sse;
  } finally {
    scorer.dispose();
  }
}
