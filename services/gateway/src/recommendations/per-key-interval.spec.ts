import { PerKeyInterval } from './per-key-interval';

describe('PerKeyInterval', () => {
  let now = 0;
  const clock = () => now;

  beforeEach(() => {
    now = 1_000;
  });

  it('lets a key through once per interval, each key on its own', () => {
    const gate = new PerKeyInterval(30_000, 100, clock);
    expect(gate.take(1)).toBe(true);
    expect(gate.take(1)).toBe(false);
    expect(gate.take(2)).toBe(true);
    now += 29_999;
    expect(gate.take(1)).toBe(false);
    now += 1;
    expect(gate.take(1)).toBe(true);
    expect(gate.take(2)).toBe(true);
    expect(gate.take(1)).toBe(false);
  });

  it('forgets keys whose interval has passed, and the oldest past maxKeys', () => {
    const gate = new PerKeyInterval(10, 3, clock);
    for (const key of [1, 2, 3]) gate.take(key);
    now += 10;
    gate.take(4);
    // 1, 2 and 3 are past their interval: only 4 is left.
    expect(gate.size).toBe(1);
    for (const key of [5, 6, 7]) gate.take(key);
    // Four recent keys over a limit of three: the oldest (4) goes, and may pass again.
    expect(gate.size).toBe(3);
    expect(gate.take(4)).toBe(true);
    expect(gate.take(7)).toBe(false);
  });
});
