import type { ModelMetrics, NewUserMetrics } from '@marquee/contracts';
import { decideActivation, type ActivationMargins } from './activation-policy';

const MARGINS: ActivationMargins = { rmse: 0.02, ndcg: 0.02 };

const newUser = (ndcg10?: number): NewUserMetrics => ({
  users: 50,
  given: 10,
  predicted: 4_000,
  rmse: 0.95,
  ...(ndcg10 === undefined ? {} : { ndcg10, ndcg10Liked: ndcg10 - 0.05, precision10: 0.2 }),
});

/** A version's metrics: RMSE, and the held-out users' nDCG@10 unless null (or no users). */
const metrics = (valRmse: number, ndcg10: number | null | 'no users' = null): ModelMetrics => ({
  valRmse,
  trainLoss: 0.8,
  epochs: 5,
  trainSeconds: 10,
  backend: 'wasm',
  ratings: 1000,
  users: 30,
  movies: 40,
  ...(ndcg10 === 'no users' ? {} : { newUser: newUser(ndcg10 ?? undefined) }),
});

const active = (m: ModelMetrics) => ({ version: 4, metrics: m });

describe('decideActivation', () => {
  it('activates the first model whatever its figures', () => {
    expect(decideActivation(metrics(3.2, 0), null, MARGINS)).toEqual({
      activate: true,
      reason: 'no model is active yet',
    });
  });

  it('activates when the active version has no metrics to compare with', () => {
    expect(decideActivation(metrics(1.5, 0.1), { version: 2, metrics: null }, MARGINS)).toEqual({
      activate: true,
      reason: 'active version 2 has no readable metrics to compare with',
    });
  });

  describe('with new-user nDCG@10 on both versions', () => {
    it('activates a version no worse than the active one by more than either margin', () => {
      const decision = decideActivation(metrics(0.91, 0.29), active(metrics(0.9, 0.3)), MARGINS);
      expect(decision).toEqual({
        activate: true,
        reason:
          "valRmse 0.9100 <= active version 4's 0.9000 + margin 0.02 = 0.9200; " +
          "new-user nDCG@10 0.2900 >= active version 4's 0.3000 - margin 0.02 = 0.2800",
      });
      expect(
        decideActivation(metrics(0.85, 0.4), active(metrics(0.9, 0.3)), MARGINS).activate,
      ).toBe(true);
    });

    it('keeps out a version whose nDCG@10 is below the active one minus the margin, though its RMSE is better', () => {
      const decision = decideActivation(metrics(0.8, 0.27), active(metrics(0.9, 0.3)), MARGINS);
      expect(decision).toEqual({
        activate: false,
        reason:
          "not better enough: new-user nDCG@10 0.2700 < active version 4's 0.3000 - margin 0.02 " +
          "= 0.2800; valRmse 0.8000 <= active version 4's 0.9000 + margin 0.02 = 0.9200",
      });
    });

    it('applies the nDCG margin it is given', () => {
      const candidate = metrics(0.9, 0.27);
      expect(decideActivation(candidate, active(metrics(0.9, 0.3)), MARGINS).activate).toBe(false);
      const loose = { ...MARGINS, ndcg: 0.05 };
      expect(decideActivation(candidate, active(metrics(0.9, 0.3)), loose).activate).toBe(true);
      // At the limit exactly, it passes.
      const atLimit = decideActivation(metrics(0.9, 0.25), active(metrics(0.9, 0.25)), {
        ...MARGINS,
        ndcg: 0,
      });
      expect(atLimit.activate).toBe(true);
    });

    it('still keeps out a version with a better nDCG@10 when its RMSE is worse than active + margin', () => {
      const decision = decideActivation(metrics(0.95, 0.5), active(metrics(0.9, 0.3)), MARGINS);
      expect(decision).toEqual({
        activate: false,
        reason:
          "not better enough: valRmse 0.9500 > active version 4's 0.9000 + margin 0.02 = 0.9200; " +
          "new-user nDCG@10 0.5000 >= active version 4's 0.3000 - margin 0.02 = 0.2800",
      });
    });

    it('lists both figures as failing when both rules fail, RMSE first', () => {
      const decision = decideActivation(metrics(0.95, 0.1), active(metrics(0.9, 0.3)), MARGINS);
      expect(decision.activate).toBe(false);
      expect(decision.reason).toBe(
        "not better enough: valRmse 0.9500 > active version 4's 0.9000 + margin 0.02 = 0.9200; " +
          "new-user nDCG@10 0.1000 < active version 4's 0.3000 - margin 0.02 = 0.2800",
      );
    });
  });

  describe('without nDCG@10 to compare: the RMSE rule alone, said in the reason', () => {
    it('when the active version was trained before nDCG@10 was measured', () => {
      const older = active(metrics(0.9, null));
      expect(decideActivation(metrics(0.91, 0.01), older, MARGINS)).toEqual({
        activate: true,
        reason:
          "valRmse 0.9100 <= active version 4's 0.9000 + margin 0.02 = 0.9200 " +
          '(RMSE rule alone: active version 4 has no new-user nDCG@10 recorded)',
      });
      expect(decideActivation(metrics(0.95, 0.9), older, MARGINS)).toEqual({
        activate: false,
        reason:
          "not better enough: valRmse 0.9500 > active version 4's 0.9000 + margin 0.02 = 0.9200 " +
          '(RMSE rule alone: active version 4 has no new-user nDCG@10 recorded)',
      });
    });

    it('when the active version held out no users', () => {
      const decision = decideActivation(
        metrics(0.91, 0.01),
        active(metrics(0.9, 'no users')),
        MARGINS,
      );
      expect(decision).toEqual({
        activate: true,
        reason:
          "valRmse 0.9100 <= active version 4's 0.9000 + margin 0.02 = 0.9200 " +
          "(RMSE rule alone: active version 4 has no held-out new users' figures)",
      });
    });

    it('when the new version held out no users', () => {
      const decision = decideActivation(
        metrics(0.95, 'no users'),
        active(metrics(0.9, 0.3)),
        MARGINS,
      );
      expect(decision).toEqual({
        activate: false,
        reason:
          "not better enough: valRmse 0.9500 > active version 4's 0.9000 + margin 0.02 = 0.9200 " +
          '(RMSE rule alone: this version held out no new users to measure nDCG@10 on)',
      });
    });
  });
});
