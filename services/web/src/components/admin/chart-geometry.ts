/** Pure geometry of the training chart: scales, "nice" ticks and SVG paths. */

export interface Extent {
  min: number;
  max: number;
}

/** A linear map from a data extent onto a pixel range (which may run backwards, as y does). */
export function linearScale(domain: Extent, range: [number, number]): (value: number) => number {
  const span = domain.max - domain.min;
  const [from, to] = range;
  if (span === 0) return () => (from + to) / 2;
  return (value) => from + ((value - domain.min) / span) * (to - from);
}

/** The smallest 1, 2 or 5 times a power of ten that splits `span` into at most `count` steps. */
function niceStep(span: number, count: number): number {
  const raw = span / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const factor of [1, 2, 5, 10]) {
    if (factor * power >= raw) return factor * power;
  }
  return 10 * power;
}

/**
 * Widens the values' extent to round numbers and lists the ticks on it, about `count` of them.
 * A flat series (one value) gets a small band around it, so it is drawn mid-height.
 */
export function niceExtent(values: number[], count = 4): { extent: Extent; ticks: number[] } {
  if (values.length === 0) return { extent: { min: 0, max: 1 }, ticks: [0, 0.5, 1] };
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (min === max) {
    const pad = Math.abs(min) * 0.05 || 0.05;
    min -= pad;
    max += pad;
  }
  const step = niceStep(max - min, count);
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  // Rounded so 0.1 + 0.2 style errors do not show up as tick labels.
  const digits = Math.max(0, -Math.floor(Math.log10(step)));
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Number(v.toFixed(digits)));
  return { extent: { min: lo, max: hi }, ticks };
}

/** Epoch ticks: 1, the multiples of a round step, and `last`; about `count` of them. */
export function epochTicks(last: number, count = 6): number[] {
  if (last <= 1) return [1];
  const step = Math.max(1, Math.ceil(niceStep(last - 1, count)));
  const ticks = [1];
  for (let e = step; e < last; e += step) {
    // A multiple crowding 1 or `last` is left out.
    if (e - 1 >= step / 2 && last - e >= step / 2) ticks.push(e);
  }
  ticks.push(last);
  return ticks;
}

/** An SVG path through the points ("M x y L x y ..."), to 0.1 px; empty for no points. */
export function linePath(points: { x: number; y: number }[]): string {
  return points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)} ${p.y.toFixed(1)}`)
    .join(' ');
}

/** Tick labels with as many decimals as the step between ticks needs. */
export function formatTick(value: number, ticks: number[]): string {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1;
  const digits = Math.min(4, Math.max(0, -Math.floor(Math.log10(step))));
  return value.toFixed(digits);
}
