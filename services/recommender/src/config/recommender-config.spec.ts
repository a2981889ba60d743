import { hostname } from 'node:os';
import { ConfigError } from '@marquee/contracts';
import { loadRecommenderConfig } from './recommender-config';

describe('loadRecommenderConfig', () => {
  it('applies the defaults', () => {
    expect(loadRecommenderConfig({})).toMatchObject({
      bullPrefix: 'bull',
      port: 4001,
      concurrency: 1,
      minRatings: 10,
      modelPollIntervalMs: 30_000,
      replicaId: `${hostname()}-${process.pid}`,
      logging: { level: 'info', format: 'auto' },
    });
  });

  it('reads the replica id and log settings, and rejects bad ones', () => {
    expect(
      loadRecommenderConfig({ REPLICA_ID: 'rec-2', LOG_LEVEL: 'debug', LOG_FORMAT: 'json' }),
    ).toMatchObject({ replicaId: 'rec-2', logging: { level: 'debug', format: 'json' } });
    expect(() => loadRecommenderConfig({ REPLICA_ID: 'has space' })).toThrow(/REPLICA_ID/);
    expect(() => loadRecommenderConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/);
  });

  it('folds users in with the best method by default; faithful on request; rejects others', () => {
    expect(loadRecommenderConfig({}).foldIn).toBe('best');
    expect(loadRecommenderConfig({ RECOMMEND_FOLD_IN: 'faithful' }).foldIn).toBe('faithful');
    expect(() => loadRecommenderConfig({ RECOMMEND_FOLD_IN: 'gradient' })).toThrow(
      /RECOMMEND_FOLD_IN/,
    );
  });

  it('accepts port 0, for a free port per replica', () => {
    expect(loadRecommenderConfig({ RECOMMENDER_PORT: '0' }).port).toBe(0);
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
