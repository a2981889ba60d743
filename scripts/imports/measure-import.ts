/**
 * How long importing a 2,000-row IMDb ratings export takes: preview, then confirmation, through
 * the real gateway (HTTP, Postgres, the same code as production) against a catalogue the size of
 * MovieLens 32M's (87,585 films with IMDb ids). Each run is a new user; the first run is reported
 * apart (cold caches, first plans).
 *
 *   npm run measure:import -- [--rows 2000] [--runs 5]
 *
 * Needs Postgres (TEST_DATABASE_URL or 127.0.0.1:5432) and Redis (TEST_REDIS_URL or
 * 127.0.0.1:6379), as the gateway's tests do; creates and drops its own database.
 */
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { createGatewayApp, loadGatewayConfig } from '@marquee/gateway';
import { createTestDatabase } from '@marquee/db/testing';

const CATALOGUE = 87_585;

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '2000' }, runs: { type: 'string', default: '5' } },
});
const rows = Number(values.rows);
const runs = Number(values.runs);

function imdbFile(count: number, seed: number): string {
  const header =
    'Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors';
  const lines = [header];
  for (let i = 0; i < count; i++) {
    // 95% in the catalogue, spread over it; the rest unknown ids.
    const known = i % 20 !== 0;
    const n = known ? ((i * 7919 + seed * 104_729) % CATALOGUE) + 1 : 9_000_000 + i;
    const tt = `tt${String(n).padStart(7, '0')}`;
    const title = `"Film ${n}, a title with a comma"`;
    lines.push(
      `${tt},${(i % 10) + 1},2024-01-${String((i % 28) + 1).padStart(2, '0')},${title},${title},https://www.imdb.com/title/${tt}/,Movie,7.1,101,${1950 + (n % 70)},"Drama, Comedy",12345,1999-01-01,"Some One"`,
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

async function main(): Promise<void> {
  const database = await createTestDatabase('measure_import');
  const config = loadGatewayConfig({
    NODE_ENV: 'production',
    DATABASE_URL: database.url,
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    COOKIE_SECRET: 'measure-import-cookie-secret-0123',
    BULL_PREFIX: `measure-import-${randomBytes(4).toString('hex')}`,
    METRICS_PORT: '0',
    METRICS_HOST: '127.0.0.1',
    RATE_LIMIT_MAX: '0',
  });
  const app = await createGatewayApp(config, { logger: false });
  try {
    const ids = Array.from({ length: CATALOGUE }, (_, i) => i + 1);
    for (let i = 0; i < ids.length; i += 10_000) {
      await database.db.movie.createMany({
        data: ids.slice(i, i + 10_000).map((id) => ({
          id,
          title: `Film ${id}`,
          year: 1950 + (id % 70),
          genres: ['Drama'],
          imdbId: String(id).padStart(7, '0'),
        })),
      });
    }
    await database.db.$executeRawUnsafe('ANALYZE movies');
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    const base = `http://127.0.0.1:${port}/api`;

    const times: number[] = [];
    for (let run = 0; run <= runs; run++) {
      const body = JSON.stringify({ content: imdbFile(rows, run) });
      // A new user: take the identity cookie the gateway sets.
      const first = await fetch(`${base}/ratings`);
      const cookie = first.headers.get('set-cookie')!.split(';')[0]!;
      const headers = { 'content-type': 'application/json', cookie };
      const started = performance.now();
      const preview = await fetch(`${base}/imports/preview`, { method: 'POST', headers, body });
      if (!preview.ok) throw new Error(`preview: HTTP ${preview.status} ${await preview.text()}`);
      const shown = (await preview.json()) as { counts: { matched: number } };
      const confirm = await fetch(`${base}/imports`, { method: 'POST', headers, body });
      if (!confirm.ok) throw new Error(`confirm: HTTP ${confirm.status} ${await confirm.text()}`);
      const written = (await confirm.json()) as { written: { ratings: number } };
      const ms = performance.now() - started;
      const rated = await database.db.rating.count({
        where: { user: { anonId: cookieId(cookie) } },
      });
      console.log(
        `run ${run}${run === 0 ? ' (cold)' : ''}: ${rows} rows (${(body.length / 1024).toFixed(0)} KiB), ` +
          `${shown.counts.matched} matched, ${written.written.ratings} written (${rated} in Postgres): ` +
          `preview + confirm ${ms.toFixed(0)} ms`,
      );
      if (run > 0) times.push(ms);
    }
    times.sort((a, b) => a - b);
    console.log(
      `warm runs: median ${times[Math.floor(times.length / 2)]!.toFixed(0)} ms, ` +
        `max ${times.at(-1)!.toFixed(0)} ms (target: under 2000 ms)`,
    );
  } finally {
    await app.close();
    await database.drop();
  }
}

/** The anonymous id inside the signed cookie "marquee_uid=s%3A<uuid>.<signature>". */
function cookieId(cookie: string): string {
  return decodeURIComponent(cookie.split('=')[1]!).slice(2).split('.')[0]!;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
