import { ConfigError, RECOMMEND_DEADLINE_MS } from '@marquee/contracts';
import { DEV_COOKIE_SECRET, loadGatewayConfig } from './gateway-config';

describe('loadGatewayConfig', () => {
  it('has working defaults outside production, with the dev cookie secret flagged', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({
      port: 4000,
      bullPrefix: 'bull',
      cookieSecure: false,
      cookieSecret: DEV_COOKIE_SECRET,
      cookieSecretIsDefault: true,
      recommendTimeoutMs: RECOMMEND_DEADLINE_MS,
      adminToken: null,
    });
  });

  it('reads every variable', () => {
    const config = loadGatewayConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://u@db:5432/m',
      REDIS_URL: 'redis://cache:6380/2',
      GATEWAY_PORT: '8080',
      COOKIE_SECRET: 'a-long-production-secret',
      COOKIE_SECURE: 'true',
      BULL_PREFIX: 'mq',
      RECOMMEND_TIMEOUT_MS: '2500',
      ADMIN_TOKEN: 'an-admin-token-of-32-characters!',
    });
    expect(config).toEqual({
      nodeEnv: 'production',
      databaseUrl: 'postgresql://u@db:5432/m',
      redisUrl: 'redis://cache:6380/2',
      port: 8080,
      cookieSecret: 'a-long-production-secret',
      cookieSecretIsDefault: false,
      cookieSecure: true,
      bullPrefix: 'mq',
      recommendTimeoutMs: 2500,
      adminToken: 'an-admin-token-of-32-characters!',
    });
  });

  it('fails listing every bad variable, including a missing secret in production', () => {
    let error: unknown;
    try {
      loadGatewayConfig({
        NODE_ENV: 'production',
        GATEWAY_PORT: 'eighty',
        COOKIE_SECURE: 'maybe',
        REDIS_URL: 'not a url',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const fields = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(fields).toEqual(expect.arrayContaining(['GATEWAY_PORT', 'COOKIE_SECURE', 'REDIS_URL']));
  });

  it('treats an empty ADMIN_TOKEN as unset and rejects a short one', () => {
    expect(loadGatewayConfig({ ADMIN_TOKEN: '' }).adminToken).toBeNull();
    expect(() => loadGatewayConfig({ ADMIN_TOKEN: 'short' })).toThrow(
      /ADMIN_TOKEN: must be at least 16 characters/,
    );
  });

  it('requires COOKIE_SECRET in production', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(
      /COOKIE_SECRET: is required when NODE_ENV=production/,
    );
  });
});
