import type { ModelMetrics } from '@marquee/contracts';
import { decideActivation } from './activation-policy';

const metrics = (valRmse: number): ModelMetrics => ({
  valRmse,
  trainLoss: 0.8,
  epochs: 5,
  trainSeconds: 10,
  backend: 'wasm',
  ratings: 1000,
  users: 30,
  movies: 40,
});

describe('decideActivation', () => {
  it('activates the first model whatever its figures', () => {
    expect(decideActivation(3.2, null, 0.02).activate).toBe(true);
  });

  it('activates a version within the margin of the active one, even if slightly worse', () => {
    expect(decideActivation(0.91, { version: 4, metrics: metrics(0.9) }, 0.02).activate).toBe(true);
    expect(decideActivation(0.85, { version: 4, metrics: metrics(0.9) }, 0.02).activate).toBe(true);
  });

  it('keeps a version worse than active + margin out, saying why', () => {
    const decision = decideActivation(0.95, { version: 4, metrics: metrics(0.9) }, 0.02);
    expect(decision.activate).toBe(false);
    expect(decision.reason).toContain("active version 4's 0.9000");
  });

  it('activates when the active version has no metrics to compare with', () => {
    expect(decideActivation(1.5, { version: 2, metrics: null }, 0.02).activate).toBe(true);
  });
});
