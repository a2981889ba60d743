import { faultProblems, summarizeFault, type FaultEvent } from './fault-window';

const deadlines = { recommendMs: 5_000, writeMs: 8_000 };
const event = (at: number, doneAt: number, over: Partial<FaultEvent> = {}): FaultEvent => ({
  at,
  doneAt,
  kind: 'recommend',
  ok: true,
  fallback: false,
  clear: false,
  hung: false,
  ...over,
});

describe('summarizeFault', () => {
  const window = { start: 1_000, returnedAt: 4_000, end: 14_000 };

  it('counts the requests in flight at its start or sent inside the window, by kind and outcome', () => {
    const summary = summarizeFault(
      [
        event(500, 900, { ok: false }), // before the fault
        event(800, 3_900), // in flight when it began
        event(1_100, 4_200),
        event(1_200, 1_300, { ok: false, clear: true }),
        event(1_300, 2_000, { kind: 'rate', ok: false }),
        event(2_000, 2_100, { fallback: true }),
        event(3_000, 18_000, { ok: false, hung: true }),
        event(15_000, 15_100, { ok: false }), // after the window
      ],
      window,
      deadlines,
    );
    expect(summary).toMatchObject({
      requests: 6,
      failedRecommend: 2,
      failedRatings: 1,
      fallbackRecommend: 1,
      unclearFailures: 2,
      hung: 1,
    });
  });

  it('takes p99 latency of requests sent while the fault lasted, hung ones aside', () => {
    const during = Array.from({ length: 100 }, (_, i) =>
      event(1_000 + i, 1_000 + i + 10 * (i + 1)),
    );
    const summary = summarizeFault(
      [...during, event(5_000, 9_000), event(1_500, 99_999, { hung: true, ok: false })],
      window,
      deadlines,
    );
    expect(summary.p99Ms.recommend).toBe(990);
    expect(summary.p99Ms.rate).toBeNull();
  });

  it('measures the first success that needed the store, from its return', () => {
    const needsModel = (e: FaultEvent) => e.kind === 'recommend' && !e.fallback;
    const summary = summarizeFault(
      [
        event(3_500, 4_100, { fallback: true }), // answered without the store
        event(3_900, 4_600),
        event(4_100, 4_400, { kind: 'rate' }),
      ],
      window,
      deadlines,
      needsModel,
    );
    expect(summary.secondsToFirstSuccess).toBeCloseTo(0.6, 6);
    const none = summarizeFault([event(1_500, 2_000)], window, deadlines, needsModel);
    expect(none.secondsToFirstSuccess).toBeNull();
  });

  it('counts failures of requests sent a recommend deadline or more into the fault as late', () => {
    const summary = summarizeFault(
      [event(5_999, 6_100, { ok: false }), event(6_000, 6_100, { ok: false })],
      window,
      deadlines,
    );
    expect(summary.lateFailures).toBe(1);
  });
});

describe('faultProblems', () => {
  const clean = summarizeFault(
    [event(1_100, 1_200)],
    { start: 1_000, returnedAt: 1_150, end: 2_000 },
    deadlines,
  );

  it('passes a fault that met its targets', () => {
    for (const kind of ['short', 'long', 'replica', 'other'] as const) {
      expect(faultProblems(kind, clean, deadlines)).toEqual([]);
    }
  });

  it('holds a short fault to no failure and p99 below each deadline', () => {
    expect(faultProblems('short', { ...clean, failedRecommend: 2 }, deadlines)).toEqual([
      '2 recommendations failed',
    ]);
    expect(
      faultProblems('short', { ...clean, p99Ms: { recommend: 5_000, rate: 7_999 } }, deadlines),
    ).toEqual(['recommend p99 5000 ms is not below 5000 ms']);
    // Clear 503s are still failures for a short fault.
    expect(faultProblems('short', { ...clean, failedRatings: 1 }, deadlines)).toEqual([
      '1 ratings failed',
    ]);
  });

  it('holds a long fault to clear failures and a prompt first success', () => {
    expect(faultProblems('long', { ...clean, failedRecommend: 40 }, deadlines)).toEqual([]);
    expect(faultProblems('long', { ...clean, unclearFailures: 3 }, deadlines)).toEqual([
      '3 failures were not a clear 503',
    ]);
    expect(faultProblems('long', { ...clean, secondsToFirstSuccess: 1.5 }, deadlines)).toEqual([
      'first success 1.50 s after the store returned',
    ]);
    expect(faultProblems('long', { ...clean, secondsToFirstSuccess: null }, deadlines)).toEqual([
      'no success after the store returned',
    ]);
  });

  it('fails any fault with a hung request, and a paused replica with late failures', () => {
    expect(faultProblems('other', { ...clean, hung: 1 }, deadlines)).toEqual(['1 requests hung']);
    expect(faultProblems('replica', { ...clean, lateFailures: 2 }, deadlines)).toEqual([
      '2 requests failed after the others took over',
    ]);
  });
});
