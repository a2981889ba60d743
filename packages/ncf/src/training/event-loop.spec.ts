import { EventLoopYielder } from './event-loop';

describe('EventLoopYielder', () => {
  /** Whether a callback queued for the next turn of the event loop ran during `step`. */
  async function letLoopRun(step: () => Promise<void>): Promise<boolean> {
    let ran = false;
    const immediate = setImmediate(() => (ran = true));
    await step();
    clearImmediate(immediate);
    return ran;
  }

  it('lets the event loop run only once the interval has passed since the last turn', async () => {
    let clock = 1000;
    const yielder = new EventLoopYielder(100, () => clock);
    clock += 99;
    expect(await letLoopRun(() => yielder.step())).toBe(false);
    clock += 1;
    expect(await letLoopRun(() => yielder.step())).toBe(true);
    clock += 50;
    expect(await letLoopRun(() => yielder.step())).toBe(false);
    clock += 50;
    expect(await letLoopRun(() => yielder.step())).toBe(true);
  });

  it('counts the interval from the end of the last turn', async () => {
    let clock = 0;
    // The clock moves while the loop runs (a caller's timers take their time).
    const yielder = new EventLoopYielder(100, () => clock);
    clock = 100;
    const turn = setImmediate(() => (clock = 180));
    await yielder.step();
    clearImmediate(turn);
    clock = 279;
    expect(await letLoopRun(() => yielder.step())).toBe(false);
    clock = 280;
    expect(await letLoopRun(() => yielder.step())).toBe(true);
  });
});
