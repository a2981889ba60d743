import { initBackend } from '../backend';
import { BEST_NCF_CONFIG, type NcfConfig } from '../config';
import { buildReasonNeighbours } from '../reason-neighbours';
import { NcfScorer } from '../scorer';
import { trainingSplit } from '../split';
import { buildSyntheticTriples } from '../testing/synthetic-triples';
import { trainNcf } from '../train';
import type { NcfArtifact } from '../artifact';
import { DEFAULT_STACK_FIT, fitNewUserStack } from './fit-stack';
import { LAMBDA_GRID } from './user-offset';

const config: NcfConfig = {
  ...BEST_NCF_CONFIG,
  embedDim: 8,
  hiddenUnits: [16, 8],
  gmfDim: 4,
  filmFeatures: false,
  batchSize: 128,
  maxEpochs: 4,
  patience: 2,
  seed: 5,
};
// 60 users with 30 ratings each of 80 films: every user keeps ~27 fitted ratings and has
// validation ones.
const data = buildSyntheticTriples({ users: 60, movies: 80, ratingsPerUser: 30, seed: 9 });

let model: NcfArtifact;
beforeAll(async () => {
  await initBackend();
  model = (await trainNcf(data, config)).artifact;
}, 60_000);

describe('fitNewUserStack', () => {
  it('plays the training users with validation ratings as new users, each `draws` times', () => {
    const fit = fitNewUserStack(model, data);
    expect(fit).not.toBeNull();
    const { validation } = trainingSplit(data.ratings.length, config);
    const targets = validation.length;
    const withValidation = new Set(Array.from(validation, (r) => data.userIds[r]));
    expect(fit!.users).toBe(withValidation.size);
    const examples = fit!.examples.reduce((a, b) => a + b, 0);
    expect(examples).toBe(targets * DEFAULT_STACK_FIT.draws);
    expect(LAMBDA_GRID).toContain(fit!.stack.lambda);
    expect(fit!.stack.foldIn).toBe('map');
  });

  it("serves every model film's mean over all the data", () => {
    const fit = fitNewUserStack(model, data)!;
    const sums = new Map<number, { sum: number; n: number }>();
    data.movieIds.forEach((id, r) => {
      const s = sums.get(id) ?? { sum: 0, n: 0 };
      s.sum += data.ratings[r]!;
      s.n++;
      sums.set(id, s);
    });
    model.movieIds.forEach((id, i) => {
      const s = sums.get(id)!;
      expect(fit.stack.itemMeans[i]).toBeCloseTo(s.sum / s.n, 4);
    });
  });

  it('gives the same weights for the same model and data', () => {
    expect(fitNewUserStack(model, data)!.stack).toEqual(fitNewUserStack(model, data)!.stack);
  });

  it('is the plain network under a huge ridge (beta 1, everything else 0)', () => {
    const fit = fitNewUserStack(model, data, { ...DEFAULT_STACK_FIT, ridge: 1e12 })!;
    for (const w of fit.stack.weights) {
      expect(w[0]).toBeCloseTo(0, 6);
      expect(w[1]).toBeCloseTo(1, 6);
      expect(w[2]).toBeCloseTo(0, 6);
      expect(w[3]).toBeCloseTo(0, 6);
    }
  });

  it('fits weights that predict the validation ratings better than the network alone', () => {
    const fit = fitNewUserStack(model, data)!;
    // Refit with weights pinned to the plain network, then compare both on the same examples
    // through the serving path (NcfScorer.predictNewUser).
    const pinned = fitNewUserStack(model, data, { ...DEFAULT_STACK_FIT, ridge: 1e12 })!;
    const errorWith = (stack: typeof fit.stack) =>
      validationError({ ...model, reasonNeighbours: reasonsOf(), newUserStack: stack });
    expect(errorWith(fit.stack)).toBeLessThan(errorWith(pinned.stack));
  });

  it('fits nothing with fewer qualifying users than minUsers', () => {
    expect(fitNewUserStack(model, data, { ...DEFAULT_STACK_FIT, minUsers: 61 })).toBeNull();
    expect(fitNewUserStack(model, data, { ...DEFAULT_STACK_FIT, given: 40 })).toBeNull();
  });
});

/** The serving lists (from all the data), as servingArtifact adds them. */
function reasonsOf() {
  return buildReasonNeighbours(data, model.movieIds);
}

/** Squared error over validation ratings, each user revealing 10 of their fitted ratings. */
function validationError(artifact: NcfArtifact): number {
  const scorer = NcfScorer.fromArtifact(artifact);
  try {
    const { train, validation } = trainingSplit(data.ratings.length, config);
    const fitted = new Map<number, { movieId: number; rating: number }[]>();
    for (const r of train) {
      const list = fitted.get(data.userIds[r]!) ?? [];
      list.push({ movieId: data.movieIds[r]!, rating: data.ratings[r]! });
      fitted.set(data.userIds[r]!, list);
    }
    const index = new Map(artifact.movieIds.map((id, i) => [id, i]));
    let sse = 0;
    const predictions = new Map<number, Float32Array>();
    for (const r of validation) {
      const user = data.userIds[r]!;
      if (!predictions.has(user)) {
        predictions.set(user, scorer.predictNewUser(fitted.get(user)!.slice(0, 10)));
      }
      const p = predictions.get(user)![index.get(data.movieIds[r]!)!]!;
      sse += (p - data.ratings[r]!) ** 2;
    }
    return sse;
  } finally {
    scorer.dispose();
  }
}
