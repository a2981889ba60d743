import { epochTicks, formatTick, linePath, linearScale, niceExtent } from './chart-geometry';

describe('linearScale', () => {
  it('maps the domain onto the range, also backwards (SVG y grows downwards)', () => {
    const y = linearScale({ min: 0.5, max: 1.5 }, [200, 0]);
    expect(y(0.5)).toBe(200);
    expect(y(1.5)).toBe(0);
    expect(y(1)).toBe(100);
  });

  it('puts every value mid-range when the domain is a single point', () => {
    expect(linearScale({ min: 2, max: 2 }, [0, 100])(2)).toBe(50);
  });
});

describe('niceExtent', () => {
  it('widens to round ticks that cover every value', () => {
    const { extent, ticks } = niceExtent([0.83, 0.91, 1.07]);
    expect(ticks).toEqual([0.8, 0.9, 1, 1.1]);
    expect(extent).toEqual({ min: 0.8, max: 1.1 });
  });

  it('gives a flat series a band around its value', () => {
    const { extent, ticks } = niceExtent([2, 2, 2]);
    expect(extent.min).toBeLessThan(2);
    expect(extent.max).toBeGreaterThan(2);
    expect(ticks[0]).toBe(extent.min);
    expect(ticks.at(-1)).toBe(extent.max);
  });

  it('has a default for no values', () => {
    expect(niceExtent([]).extent).toEqual({ min: 0, max: 1 });
  });
});

describe('epochTicks', () => {
  it.each([
    [1, [1]],
    [3, [1, 2, 3]],
    [20, [1, 5, 10, 15, 20]],
    [12, [1, 2, 4, 6, 8, 10, 12]],
    [100, [1, 20, 40, 60, 80, 100]],
  ])('for %i epochs: %p', (last, ticks) => {
    expect(epochTicks(last)).toEqual(ticks);
  });
});

describe('linePath and formatTick', () => {
  it('draws a path through the points, to a tenth of a pixel', () => {
    expect(
      linePath([
        { x: 0, y: 10 },
        { x: 5.04, y: 2.26 },
      ]),
    ).toBe('M0.0 10.0 L5.0 2.3');
    expect(linePath([])).toBe('');
  });

  it('labels ticks with the decimals their step needs', () => {
    expect(formatTick(0.9, [0.8, 0.9, 1])).toBe('0.9');
    expect(formatTick(1, [0.8, 0.9, 1])).toBe('1.0');
    expect(formatTick(0.85, [0.8, 0.85, 0.9])).toBe('0.85');
    expect(formatTick(20, [0, 10, 20])).toBe('20');
  });
});
