import { ConfigError, RECOMMEND_DEADLINE_MS } from '@marquee/contracts';
import { DEV_COOKIE_SECRET, loadGatewayConfig } from './gateway-config';

describe('loadGatewayConfig', () => {
  it('has working defaults outside production, with the dev cookie secret flagged', () => {
    const config = loadGatewayConfig({});
    expect(config).toMatchObject({
      port: 4000,
      metrics: { port: 4003, host: '0.0.0.0' },
      bullPrefix: 'bull',
      cookieSecure: false,
      cookieSecret: DEV_COOKIE_SECRET,
      cookieSecretIsDefault: true,
      deadlines: {
        write: 8_000,
        read: 5_000,
        recommend: RECOMMEND_DEADLINE_MS,
        recommendFallbackMs: 1_000,
        commandTimeoutMs: 8_000,
      },
      adminEventsHeartbeatMs: 15_000,
      adminToken: null,
      tmdb: { apiKey: null, apiUrl: 'https://api.themoviedb.org/3', waitMs: 400 },
      logging: { level: 'info', format: 'auto' },
    });
  });

  it('reads every variable', () => {
    const config = loadGatewayConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgresql://u@db:5432/m',
      REDIS_URL: 'redis://cache:6380/2',
      GATEWAY_PORT: '8080',
      METRICS_PORT: '9100',
      METRICS_HOST: '10.0.0.5',
      COOKIE_SECRET: 'a-long-production-secret',
      COOKIE_SECURE: 'true',
      BULL_PREFIX: 'mq',
      RECOMMEND_TIMEOUT_MS: '2500',
      RECOMMEND_FALLBACK_MS: '400',
      WRITE_DEADLINE_MS: '9000',
      READ_DEADLINE_MS: '3000',
      ADMIN_EVENTS_HEARTBEAT_MS: '5000',
      ADMIN_TOKEN: 'an-admin-token-of-32-characters!',
      TMDB_API_KEY: 'tmdb-key',
      TMDB_API_URL: 'http://127.0.0.1:9999/3/',
      TMDB_IMAGE_URL: 'http://img.example/t/p/w185',
      TMDB_TIMEOUT_MS: '700',
      POSTER_WAIT_MS: '0',
      WEB_ORIGIN: 'https://marquee.example, http://localhost:3200/',
      RATE_LIMIT_MAX: '50',
      RATE_LIMIT_WINDOW_MS: '10000',
      BODY_LIMIT_BYTES: '2048',
      TRUST_PROXY: '10.0.0.0/8, uniquelocal',
      SESSION_TTL_DAYS: '7',
      SIGNIN_LIMIT_PER_ACCOUNT: '4',
      SIGNIN_LIMIT_PER_CLIENT: '40',
      SIGNIN_WINDOW_MS: '60000',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
    });
    expect(config).toEqual({
      nodeEnv: 'production',
      databaseUrl: 'postgresql://u@db:5432/m',
      redisUrl: 'redis://cache:6380/2',
      port: 8080,
      metrics: { port: 9100, host: '10.0.0.5' },
      cookieSecret: 'a-long-production-secret',
      cookieSecretIsDefault: false,
      cookieSecure: true,
      bullPrefix: 'mq',
      deadlines: {
        write: 9_000,
        read: 3_000,
        recommend: 2_500,
        recommendFallbackMs: 400,
        commandTimeoutMs: 9_000,
      },
      adminEventsHeartbeatMs: 5000,
      adminToken: 'an-admin-token-of-32-characters!',
      accounts: {
        sessionTtlMs: 7 * 24 * 3600 * 1000,
        signinLimit: { perAccount: 4, perClient: 40, windowMs: 60_000 },
      },
      tmdb: {
        apiKey: 'tmdb-key',
        apiUrl: 'http://127.0.0.1:9999/3',
        imageUrl: 'http://img.example/t/p/w185',
        timeoutMs: 700,
        waitMs: 0,
      },
      security: {
        webOrigins: ['https://marquee.example', 'http://localhost:3200'],
        rateLimit: { max: 50, windowMs: 10_000 },
        bodyLimitBytes: 2048,
        trustProxy: ['10.0.0.0/8', 'uniquelocal'],
      },
      logging: { level: 'warn', format: 'json' },
    });
  });

  it('rejects a web origin with a path and a negative rate limit, and 0 turns the limit off', () => {
    expect(() => loadGatewayConfig({ WEB_ORIGIN: 'https://marquee.example/app' })).toThrow(
      /WEB_ORIGIN\.0: must be an origin/,
    );
    expect(() => loadGatewayConfig({ RATE_LIMIT_MAX: '-1' })).toThrow(/RATE_LIMIT_MAX/);
    expect(loadGatewayConfig({ RATE_LIMIT_MAX: '0' }).security.rateLimit.max).toBe(0);
    expect(loadGatewayConfig({}).security.webOrigins).toEqual([
      'http://localhost:3000',
      'http://127.0.0.1:3000',
    ]);
  });

  it('fails listing every bad variable, including a missing secret in production', () => {
    let error: unknown;
    try {
      loadGatewayConfig({
        NODE_ENV: 'production',
        GATEWAY_PORT: 'eighty',
        COOKIE_SECURE: 'maybe',
        REDIS_URL: 'not a url',
        SESSION_TTL_DAYS: '0',
        SIGNIN_LIMIT_PER_ACCOUNT: 'ten',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const fields = (error as ConfigError).problems.map((p) => p.split(':')[0]);
    expect(fields).toEqual(
      expect.arrayContaining([
        'GATEWAY_PORT',
        'COOKIE_SECURE',
        'REDIS_URL',
        'SESSION_TTL_DAYS',
        'SIGNIN_LIMIT_PER_ACCOUNT',
      ]),
    );
  });

  it('keeps part of the recommendation deadline for a fallback, and less than all of it', () => {
    expect(() =>
      loadGatewayConfig({ RECOMMEND_TIMEOUT_MS: '1000', RECOMMEND_FALLBACK_MS: '1000' }),
    ).toThrow(/RECOMMEND_FALLBACK_MS: must be less than RECOMMEND_TIMEOUT_MS/);
    expect(loadGatewayConfig({ RECOMMEND_FALLBACK_MS: '0' }).deadlines.recommendFallbackMs).toBe(0);
    expect(() => loadGatewayConfig({ WRITE_DEADLINE_MS: '50' })).toThrow(/WRITE_DEADLINE_MS/);
  });

  it('treats an empty ADMIN_TOKEN as unset and rejects a short one', () => {
    expect(loadGatewayConfig({ ADMIN_TOKEN: '' }).adminToken).toBeNull();
    expect(() => loadGatewayConfig({ ADMIN_TOKEN: 'short' })).toThrow(
      /ADMIN_TOKEN: must be at least 16 characters/,
    );
  });

  it('keeps the metrics port apart from the public one', () => {
    expect(loadGatewayConfig({ METRICS_PORT: '0' }).metrics.port).toBe(0);
    expect(() => loadGatewayConfig({ GATEWAY_PORT: '4100', METRICS_PORT: '4100' })).toThrow(
      /METRICS_PORT: must differ from GATEWAY_PORT/,
    );
    expect(() => loadGatewayConfig({ METRICS_PORT: '70000' })).toThrow(/METRICS_PORT/);
    expect(() => loadGatewayConfig({ METRICS_HOST: ' ' })).toThrow(/METRICS_HOST/);
  });

  it('reads TRUST_PROXY as off, a hop count or proxy subnets, and refuses trusting everyone', () => {
    const trust = (TRUST_PROXY: string) => loadGatewayConfig({ TRUST_PROXY }).security.trustProxy;
    expect(loadGatewayConfig({}).security.trustProxy).toBe(false);
    expect(trust('')).toBe(false);
    expect(trust('false')).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('1')).toBe(1);
    expect(trust('2')).toBe(2);
    expect(trust('loopback, 172.16.0.0/12,fd00::/8, 10.1.2.3')).toEqual([
      'loopback',
      '172.16.0.0/12',
      'fd00::/8',
      '10.1.2.3',
    ]);
    expect(() => trust('true')).toThrow(/TRUST_PROXY: true would trust any X-Forwarded-For/);
    expect(() => trust('11')).toThrow(/TRUST_PROXY: must be at most 10 proxy hops/);
    for (const bad of ['10.0.0.0/33', 'fd00::/129', 'gateway', '10.0.0/8', '1.2.3.4/8/1', ',']) {
      expect(() => trust(bad)).toThrow(/TRUST_PROXY: must be false, a hop count, or addresses/);
    }
  });

  it('requires COOKIE_SECRET in production', () => {
    expect(() => loadGatewayConfig({ NODE_ENV: 'production' })).toThrow(
      /COOKIE_SECRET: is required when NODE_ENV=production/,
    );
  });
});
