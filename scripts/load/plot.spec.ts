import { plotLoad } from './plot';
import type { LoadResult } from './run-load';

function result(
  replicas: number,
  clients: number,
  pacedRate: number | null,
  p99Ms: number,
): LoadResult {
  return {
    replicas,
    clients,
    pacedRate,
    seconds: 20,
    recsPerSecond: pacedRate ?? 500,
    p50Ms: Math.round(p99Ms / 3),
    p90Ms: Math.round(p99Ms / 2),
    p99Ms,
    maxMs: p99Ms * 2,
    ok: 1000,
    statuses: {},
    errors: 0,
    timeouts: 0,
  };
}

const panels = (svg: string) => svg.match(/<g transform="translate\(\d+,0\)">/g) ?? [];
/** The y of the target line, from its label's position (the label sits 4 px above it). */
const targetY = (svg: string) => Number(/y="([\d.]+)"[^>]*fill="#c00">target/.exec(svg)?.[1]) + 4;

describe('plotLoad', () => {
  const closed = [16, 64].flatMap((c) => [result(1, c, null, 50 + c), result(2, c, null, 40 + c)]);
  const paced = [200, 320].flatMap((rate) => [
    result(1, 64, rate, rate / 4),
    result(2, 64, rate, rate / 5),
  ]);

  it('draws the back-to-back panels and, for paced points, latency against the target', () => {
    const svg = plotLoad([...closed, ...paced], 'caption', { p99Ms: 100 });
    expect(panels(svg)).toHaveLength(3);
    expect(svg).toContain('requests per second offered');
    expect(svg).toContain('target p99 100 ms');
    expect(svg).toContain('Latency, 64 users asking at random moments');
    // Each latency series has a legend sample in its own style: p50 dashed, p99 solid.
    expect(svg.match(/<line[^>]*stroke-dasharray="5,4"\/>/g)).toHaveLength(4);
  });

  it('scales the paced panel so that the target line stays inside it', () => {
    const low = plotLoad(paced, 'c', { p99Ms: 100 });
    const high = plotLoad(
      paced.map((r) => ({ ...r, p99Ms: r.p99Ms * 10 })),
      'c',
      { p99Ms: 100 },
    );
    // Higher latencies stretch the axis, so the same 100 ms sits lower on the page (larger y).
    expect(targetY(high)).toBeGreaterThan(targetY(low));
    expect(targetY(low)).toBeGreaterThan(0);
  });

  it('leaves the paced panel out when every point was back to back', () => {
    const svg = plotLoad(closed, 'caption', { p99Ms: 100 });
    expect(panels(svg)).toHaveLength(2);
    expect(svg).not.toContain('target p99');
    expect(svg).toContain('width="720"');
  });

  it('escapes the caption', () => {
    expect(plotLoad(closed, 'a < b & c')).toContain('a &lt; b &amp; c');
  });
});
