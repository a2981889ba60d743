import { bullConnection } from './connection-options';
import { RedisReconnectPolicy } from './redis-clients';

type Retry = (times: number) => number | null;

describe('bullConnection', () => {
  const url = 'redis://127.0.0.1:6379/2';

  it('blocks on Redis without a retry limit per command', () => {
    expect(bullConnection(url)).toMatchObject({ host: '127.0.0.1', port: 6379, db: 2 });
    expect(bullConnection(url)).toHaveProperty('maxRetriesPerRequest', null);
  });

  it("keeps a long outage's reconnect attempts within the policy's longest wait", () => {
    const policy = new RedisReconnectPolicy(100, 500);
    const options = bullConnection(url, policy) as { retryStrategy?: Retry };
    // BullMQ's own strategy waits e^times ms (up to 20 s): 8 s by the ninth attempt.
    expect(options.retryStrategy?.(1)).toBe(100);
    expect(options.retryStrategy?.(9)).toBe(500);
    expect(options.retryStrategy?.(200)).toBe(500);
    policy.stop();
    expect(options.retryStrategy?.(1)).toBeNull();
  });
});
