import { benchCatalogues, timeSteps } from './step-timing';

describe('timeSteps', () => {
  afterEach(() => jest.restoreAllMocks());

  it('times the run once, in seconds and milliseconds a step, to a tenth', async () => {
    jest.spyOn(performance, 'now').mockReturnValueOnce(1_000).mockReturnValueOnce(2_234.56);
    const run = jest.fn(() => Promise.resolve());
    expect(await timeSteps(10, run)).toEqual({ steps: 10, seconds: 1.2, msPerStep: 123.5 });
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('waits for the run to finish before stopping the clock', async () => {
    let finished = false;
    const timing = await timeSteps(1, async () => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      finished = true;
    });
    expect(finished).toBe(true);
    expect(timing.msPerStep).toBeGreaterThanOrEqual(15);
  });
});

describe('benchCatalogues', () => {
  const saved = process.env.BENCH_FILMS;
  afterEach(() => {
    if (saved === undefined) delete process.env.BENCH_FILMS;
    else process.env.BENCH_FILMS = saved;
  });

  it('reads BENCH_FILMS, else the fallback', () => {
    delete process.env.BENCH_FILMS;
    expect(benchCatalogues('9700,87000')).toEqual([9700, 87000]);
    process.env.BENCH_FILMS = '500';
    expect(benchCatalogues('9700,87000')).toEqual([500]);
  });
});
