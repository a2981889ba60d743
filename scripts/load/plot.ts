import type { LoadResult } from './run-load';

const W = 360;
const H = 240;
const M = { left: 52, right: 16, top: 30, bottom: 40 };
const COLOURS: Record<number, string> = { 1: '#d95f02', 2: '#1b9e77', 3: '#7570b3' };
/** The colour of a replica count's series. */
const colourOf = (replicas: number) => COLOURS[replicas] ?? '#333';

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

/** A horizontal reference line drawn across a panel (the load target). */
interface TargetLine {
  y: number;
  label: string;
}

interface PanelSpec {
  title: string;
  unit: string;
  xTitle: string;
  /** The x categories, in order. */
  xs: number[];
  series: Series[];
  target?: TargetLine;
}

/** One line chart on a categorical x axis; returns an SVG <g> placed at (dx, 0). */
function panel({ title, unit, xTitle, xs, series, target }: PanelSpec, dx: number): string {
  const maxY = niceMax(
    Math.max(...series.flatMap((s) => s.points.map((p) => p.y)), target ? target.y : 0),
  );
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
    `<text x="${W / 2}" y="${H - 6}" text-anchor="middle">${xTitle}</text>`,
    `<text transform="translate(14,${H / 2}) rotate(-90)" text-anchor="middle">${unit}</text>`,
  );
  if (target) {
    out.push(
      `<line x1="${M.left}" x2="${W - M.right}" y1="${py(target.y)}" y2="${py(target.y)}" stroke="#c00" stroke-dasharray="2,3"/>`,
      `<text x="${W - M.right}" y="${py(target.y) - 4}" text-anchor="end" fill="#c00">${target.label}</text>`,
    );
  }
  const dash = (s: Series) => (s.dashed ? ' stroke-dasharray="5,4"' : '');
  series.forEach((s, i) => {
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${px(p.x)},${py(p.y)}`).join(' ');
    const legendY = M.top + 12 + i * 14;
    out.push(
      `<path d="${d}" fill="none" stroke="${s.colour}" stroke-width="2"${dash(s)}/>`,
      ...s.points.map((p) => `<circle cx="${px(p.x)}" cy="${py(p.y)}" r="3" fill="${s.colour}"/>`),
      // A line sample in the series' own style: p50 and p99 share a colour.
      `<line x1="${M.left + 8}" x2="${M.left + 26}" y1="${legendY - 4}" y2="${legendY - 4}" stroke="${s.colour}" stroke-width="2"${dash(s)}/>`,
      `<text x="${M.left + 32}" y="${legendY}" fill="${s.colour}">${s.label}</text>`,
    );
  });
  out.push('</g>');
  return out.join('\n');
}

const plural = (n: number) => `${n} replica${n > 1 ? 's' : ''}`;

/** p99 (solid) and p50 (dashed) of each replica count, against `x` of each result. */
function latencySeries(results: LoadResult[], x: (r: LoadResult) => number): Series[] {
  const replicaCounts = [...new Set(results.map((r) => r.replicas))].sort((a, b) => a - b);
  return replicaCounts.flatMap((n) => {
    const own = results.filter((r) => r.replicas === n);
    const colour = colourOf(n);
    return [
      { label: `p99, ${plural(n)}`, colour, points: own.map((r) => ({ x: x(r), y: r.p99Ms })) },
      {
        label: `p50, ${plural(n)}`,
        colour,
        dashed: true,
        points: own.map((r) => ({ x: x(r), y: r.p50Ms })),
      },
    ];
  });
}

const sortedSet = (values: number[]) => [...new Set(values)].sort((a, b) => a - b);

/**
 * Back-to-back points: throughput and latency (p50, p99) per client count, one colour per
 * replica count. Paced points (if any): latency per offered rate, against `target.p99Ms`.
 */
export function plotLoad(
  results: LoadResult[],
  caption: string,
  target?: { p99Ms: number },
): string {
  const closed = results.filter((r) => r.pacedRate === null);
  const paced = results.filter((r) => r.pacedRate !== null);
  const panels: PanelSpec[] = [];
  if (closed.length > 0) {
    const xs = sortedSet(closed.map((r) => r.clients));
    const replicaCounts = sortedSet(closed.map((r) => r.replicas));
    panels.push(
      {
        title: 'Recommendations per second (back to back)',
        unit: 'rec/s',
        xTitle: 'concurrent clients',
        xs,
        series: replicaCounts.map((n) => ({
          label: plural(n),
          colour: colourOf(n),
          points: closed
            .filter((r) => r.replicas === n)
            .map((r) => ({ x: r.clients, y: r.recsPerSecond })),
        })),
      },
      {
        title: 'Latency (back to back)',
        unit: 'ms',
        xTitle: 'concurrent clients',
        xs,
        series: latencySeries(closed, (r) => r.clients),
      },
    );
  }
  if (paced.length > 0) {
    const clients = sortedSet(paced.map((r) => r.clients)).join('/');
    panels.push({
      title: `Latency, ${clients} users asking at random moments`,
      unit: 'ms',
      xTitle: 'requests per second offered',
      xs: sortedSet(paced.map((r) => r.pacedRate as number)),
      series: latencySeries(paced, (r) => r.pacedRate as number),
      target: target ? { y: target.p99Ms, label: `target p99 ${target.p99Ms} ms` } : undefined,
    });
  }
  const width = Math.max(1, panels.length) * W;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${H + 24}" font-family="sans-serif" font-size="11">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...panels.map((spec, i) => panel(spec, i * W)),
    `<text x="8" y="${H + 16}" fill="#555">${caption.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</text>`,
    '</svg>',
    '',
  ].join('\n');
}
