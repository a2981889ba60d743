import { ConfigError } from '@marquee/contracts';
import { loadRecommenderConfig } from './recommender-config';

describe('loadRecommenderConfig', () => {
  it('applies the defaults', () => {
    expect(loadRecommenderConfig({})).toMatchObject({
      BULL_PREFIX: 'bull',
      RECOMMENDER_PORT: 4001,
      RECOMMEND_CONCURRENCY: 4,
      MODEL_POLL_INTERVAL_MS: 30_000,
    });
  });

  it('accepts port 0, for a free port per replica', () => {
    expect(loadRecommenderConfig({ RECOMMENDER_PORT: '0' }).RECOMMENDER_PORT).toBe(0);
  });

  it('lists every bad variable at once', () => {
    let error: unknown;
    try {
      loadRecommenderConfig({ RECOMMENDER_PORT: '70000', RECOMMEND_CONCURRENCY: '0' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/RECOMMENDER_PORT[\s\S]*RECOMMEND_CONCURRENCY/);
  });
});
