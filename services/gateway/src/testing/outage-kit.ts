import { testServerUrl } from '@marquee/db/testing';
import { TcpProxy } from '@marquee/nest-common/testing';
import { TEST_REDIS_URL, startTestGateway, type TestGateway } from './gateway-test-kit';

/** A test gateway whose Postgres and Redis connections go through proxies the test controls. */
export interface ProxiedGateway extends TestGateway {
  postgres: TcpProxy;
  redis: TcpProxy;
}

/**
 * Boots the test gateway with DATABASE_URL and REDIS_URL through a TcpProxy each, so a test can
 * take Postgres or Redis away from this gateway alone (cut or pause), never from the shared
 * servers other tests use. `gw.db` and workers given TEST_REDIS_URL still reach them directly.
 */
export async function startGatewayBehindProxies(
  label: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ProxiedGateway> {
  const postgres = await TcpProxy.forUrl(testServerUrl());
  const redis = await TcpProxy.forUrl(TEST_REDIS_URL);
  const gw = await startTestGateway(
    label,
    { REDIS_URL: redis.rewrite(TEST_REDIS_URL), ...env },
    { databaseUrl: (url) => postgres.rewrite(url) },
  );
  return {
    ...gw,
    postgres,
    redis,
    async close() {
      await Promise.all([postgres.resume(), redis.resume()]);
      await gw.close();
      await Promise.all([postgres.close(), redis.close()]);
    },
  };
}

/**
 * Takes the proxy's server away now (cut: down; pause: not answering) and gives it back after
 * `ms`; resolves once it is away, with the promise of its return.
 */
export async function outage(
  proxy: TcpProxy,
  kind: 'cut' | 'pause',
  ms: number,
): Promise<{ back: Promise<void> }> {
  if (kind === 'cut') await proxy.cut();
  else proxy.pause();
  return { back: new Promise((r) => setTimeout(r, ms)).then(() => proxy.resume()) };
}

/** Runs `work` and says how long it took. */
export async function timed<T>(work: () => PromiseLike<T>): Promise<{ value: T; ms: number }> {
  const started = Date.now();
  const value = await work();
  return { value, ms: Date.now() - started };
}
