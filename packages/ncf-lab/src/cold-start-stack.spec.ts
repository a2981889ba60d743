import { generateSyntheticMovieLens, type RatingRecord } from '@marquee/movielens';
import { STACK_FEATURES } from '@marquee/ncf';
import { runCli } from './cli';
import { STACK_FOLDS, stackFolds } from './cold-start-stack';
import { runColdStart } from './coldstart';
import { bestConfig } from './lab-config';
import { silentProgress } from './progress';

function ratings(users: number): RatingRecord[] {
  return generateSyntheticMovieLens({ users, movies: 40, ratingsPerUser: 20, seed: 7 }).ratings;
}

describe('stackFolds', () => {
  const train = ratings(60).filter((r) => r.userId !== 3 || r.movieId % 4 === 0);
  const options = { seed: 5, given: 10, minRatings: 15, draws: 2 };
  const folds = stackFolds(train, options);
  const userIds = [...new Set(train.map((r) => r.userId))];

  it('cuts the training users into 5 disjoint folds, each left out of its training ratings', () => {
    expect(folds).toHaveLength(STACK_FOLDS);
    const heldOut = folds.map((fold) => {
      const kept = new Set(fold.train.map((r) => r.userId));
      return userIds.filter((id) => !kept.has(id));
    });
    expect(heldOut.map((ids) => ids.length)).toEqual([12, 12, 12, 12, 12]);
    expect(new Set(heldOut.flat()).size).toBe(userIds.length);
    folds.forEach((fold, f) => {
      expect(fold.train.length).toBe(
        train.filter((r) => !(heldOut[f] as number[]).includes(r.userId)).length,
      );
      for (const users of fold.draws) {
        // User 3 has too few ratings to play a new user.
        const expected = (heldOut[f] as number[]).filter((id) => id !== 3).sort((a, b) => a - b);
        expect(users.map((u) => u.userId)).toEqual(expected);
      }
    });
  });

  it('reveals `given` ratings per user, a different draw each time, deterministically', () => {
    const [first = [], second = []] = folds[0]?.draws ?? [];
    for (const u of first) {
      expect(u.revealed).toHaveLength(10);
      expect(u.revealed.length + u.hidden.length).toBe(20);
    }
    expect(second.map((u) => u.revealed)).not.toEqual(first.map((u) => u.revealed));
    expect(stackFolds(train, options)).toEqual(folds);
    expect(stackFolds(train, { ...options, seed: 6 })).not.toEqual(folds);
  });
});

describe('runColdStart with a stack', () => {
  it('reports stacked figures, the plain model under "plain" and the fitted weights', async () => {
    const config = bestConfig(3);
    config.ncf = { ...config.ncf, filmFeatures: false, maxEpochs: 1 };
    const result = await runColdStart({
      ratings: ratings(50),
      given: 10,
      seed: 3,
      config,
      progress: silentProgress,
      stack: { draws: 1, foldEpochs: 1 },
    });
    const { plain, stack } = result;
    expect(plain?.rmse).toBeGreaterThan(0);
    expect(result.rmse).toBeGreaterThan(0);
    expect(result.rmse).not.toBe(plain?.rmse);
    expect(stack?.weights).toHaveLength(5);
    for (const w of stack?.weights ?? []) expect(w).toHaveLength(STACK_FEATURES);
    expect(stack?.foldTrainSeconds).toHaveLength(STACK_FOLDS);
    expect(stack?.foldEpochs).toBe(1);
    expect(result.baselines.userOffset.rmse).toBeGreaterThan(0);
  });
});

describe('coldstart --stack options', () => {
  it('rejects --stack-draws and --stack-epochs without --stack, and a bad count', async () => {
    for (const args of [
      ['--stack-draws', '2'],
      ['--stack-epochs', '2'],
      ['--stack', '--stack-draws', '0'],
    ]) {
      let err = '';
      const code = await runCli(['coldstart', '--data', '/nonexistent', ...args], {
        stdout: () => {},
        stderr: { write: (text: string) => (err += text) },
      });
      expect(code).toBe(2);
      expect(err).toMatch(/--stack/);
    }
  });
});
