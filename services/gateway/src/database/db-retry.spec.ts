import { loadGatewayConfig } from '../config/gateway-config';
import { Deadline, runWithDeadline } from '../deadlines/deadline';
import { DomainError } from '../errors/domain-error';
import { DbRetry } from './db-retry';

/** What Prisma throws when Postgres cannot be reached (P1001), and a query's own error (P2003). */
const unreachable = () =>
  Object.assign(new Error("Can't reach database server"), { code: 'P1001' });
const foreignKey = () =>
  Object.assign(new Error('Foreign key constraint failed'), { code: 'P2003' });

describe('DbRetry', () => {
  const retry = new DbRetry(loadGatewayConfig({ READ_DEADLINE_MS: '400' }));
  const within = <T>(ms: number, work: () => Promise<T>) =>
    runWithDeadline(Deadline.after(ms), work);

  it('runs the work again while Postgres is unreachable, and tells it that it is a retry', async () => {
    const attempts: boolean[] = [];
    const result = await within(2_000, () =>
      retry.run(async ({ retried }) => {
        attempts.push(retried);
        if (attempts.length < 3) throw unreachable();
        return 'stored';
      }),
    );
    expect(result).toBe('stored');
    expect(attempts).toEqual([false, true, true]);
  });

  it('does not retry an error of the query itself', async () => {
    let attempts = 0;
    const error = await within(2_000, () =>
      retry.run(async () => {
        attempts++;
        throw foreignKey();
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'P2003' });
    expect(attempts).toBe(1);
  });

  it('gives up at the deadline with DATABASE_UNAVAILABLE, and starts nothing after it', async () => {
    const started = Date.now();
    const startedAt: number[] = [];
    const error = await within(600, () =>
      retry.run(async () => {
        startedAt.push(Date.now() - started);
        throw unreachable();
      }),
    ).catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'DATABASE_UNAVAILABLE', status: 503 });
    expect(elapsed).toBeGreaterThanOrEqual(590);
    expect(elapsed).toBeLessThan(800);
    expect(startedAt.length).toBeGreaterThan(2);
    expect(Math.max(...startedAt)).toBeLessThan(600);
  });

  it('ends an attempt that never answers at the deadline, with transaction limits to match', async () => {
    const started = Date.now();
    let given: { maxWait: number; timeout: number } | undefined;
    const error = await within(500, () =>
      retry.run(({ tx }) => {
        given = tx;
        return new Promise<never>(() => undefined);
      }),
    ).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
    expect(Date.now() - started).toBeLessThan(700);
    expect(given?.timeout).toBeGreaterThan(400);
    expect(given?.timeout).toBeLessThanOrEqual(500);
    expect(given?.maxWait).toBe(given?.timeout);
  });

  it('keeps to READ_DEADLINE_MS outside a request', async () => {
    const started = Date.now();
    await expect(retry.run(() => Promise.reject(unreachable()))).rejects.toMatchObject({
      code: 'DATABASE_UNAVAILABLE',
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(390);
    expect(Date.now() - started).toBeLessThan(600);
  });
});
