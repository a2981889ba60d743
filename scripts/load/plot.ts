import type { LoadResult } from './run-load';

const W = 360;
const H = 240;
const M = { left: 52, right: 16, top: 30, bottom: 40 };
const COLOURS: Record<number, string> = { 1: '#d95f02', 2: '#1b9e77', 3: '#7570b3' };

interface Series {
  label: string;
  colour: string;
  dashed?: boolean;
  points: { x: number; y: number }[];
}

function niceMax(value: number): number {
  if (!(value > 0)) return 1;
  const step = 10 ** Math.floor(Math.log10(value));
  return Math.ceil((value * 1.1) / step) * step;
}

/** One line chart, clients on a categorical x axis; returns an SVG <g> placed at (dx, 0). */
function panel(title: string, unit: string, xs: number[], series: Series[], dx: number): string {
  const maxY = niceMax(Math.max(...series.flatMap((s) => s.points.map((p) => p.y))));
  const px = (x: number) => M.left + ((xs.indexOf(x) + 0.5) / xs.length) * (W - M.left - M.right);
  const py = (y: number) => H - M.bottom - (y / maxY) * (H - M.top - M.bottom);
  const ticks = Array.from({ length: 5 }, (_, i) => (maxY * i) / 4);
  const out = [`<g transform="translate(${dx},0)">`];
  out.push(`<text x="${W / 2}" y="16" text-anchor="middle" font-weight="bold">${title}</text>`);
  for (const t of ticks) {
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${py(t)}" y2="${py(t)}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${py(t) + 4}" text-anchor="end">${Math.round(t)}</text>`,
    );
  }
  for (const x of xs) {
    out.push(`<text x="${px(x)}" y="${H - M.bottom + 16}" text-anchor="middle">${x}</text>`);
  }
  out.push(
    `<text x="${W / 2}" y="${H - 6}" text-anchor="middle">concurrent clients</text>`,
    `<text transform="translate(14,${H / 2}) rotate(-90)" text-anchor="middle">${unit}</text>`,
  );
  series.forEach((s, i) => {
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${px(p.x)},${py(p.y)}`).join(' ');
    out.push(
      `<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"${s.dashed ? ' stroke-dasharray="5,4"' : ''}/>`,
      ...s.points.map((p) => `<circle cx="${px(p.x)}" cy="${py(p.y)}" r="3" fill="${s.colour}"/>`),
      `<text x="${M.left + 8}" y="${M.top + 12 + i * 14}" fill="${s.colour}">${s.label}</text>`,
    );
  });
  out.push('</g>');
  return out.join('\n');
}

/** Throughput and latency (p50, p99) per client count, one line per replica count. */
export function plotLoad(results: LoadResult[], caption: string): string {
  const xs = [...new Set(results.map((r) => r.clients))].sort((a, b) => a - b);
  const replicaCounts = [...new Set(results.map((r) => r.replicas))].sort();
  const of = (n: number) => results.filter((r) => r.replicas === n);
  const colour = (n: number) => COLOURS[n] ?? '#333';
  const throughput = replicaCounts.map((n) => ({
    label: `${n} replica${n > 1 ? 's' : ''}`,
    colour: colour(n),
    points: of(n).map((r) => ({ x: r.clients, y: r.recsPerSecond })),
  }));
  const latency = replicaCounts.flatMap((n) => [
    {
      label: `p99, ${n} replica${n > 1 ? 's' : ''}`,
      colour: colour(n),
      points: of(n).map((r) => ({ x: r.clients, y: r.p99Ms })),
    },
    {
      label: `p50, ${n} replica${n > 1 ? 's' : ''}`,
      colour: colour(n),
      dashed: true,
      points: of(n).map((r) => ({ x: r.clients, y: r.p50Ms })),
    },
  ]);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${2 * W}" height="${H + 24}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    panel('Recommendations per second', 'rec/s', xs, throughput, 0),
    panel('Latency', 'ms', xs, latency, W),
    `<text x="8" y="${H + 16}" fill="#555">${caption.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
