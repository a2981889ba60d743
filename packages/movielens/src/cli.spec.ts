import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runCli, USAGE } from './cli';
import { runCliCapturing } from './cli-runner';
import { loadMovieLens } from './load';
import { withTempDir } from './test-support';

const run = (args: string[]) => runCliCapturing(runCli, args);

const SMALL = ['--ratings', '3000', '--films', '400', '--users', '50'];

describe('npm run movielens', () => {
  it('synth writes a folder the loader reads, and says what it wrote', async () => {
    await withTempDir(async (dir) => {
      const out = join(dir, 'synthetic');
      const {
        code,
        out: stdout,
        err,
      } = await run(['synth', '--out', out, ...SMALL, '--seed', '4']);
      expect(code).toBe(0);
      const summary = JSON.parse(stdout[stdout.length - 1]!) as Record<string, unknown>;
      expect(summary).toMatchObject({ out, ratings: 3000, users: 50, movies: 400 });
      expect(err).toMatch(/ratings\.csv: 3,000 of 3,000 rows \(100\.0%\), [\d,]+ rows\/s, done/);
      expect(err).toContain(`wrote ${out} in`);
      const min = /ratings per user: min (\d+), median [\d.]+, mean 60\.0, max (\d+)/.exec(err);
      expect(Number(min?.[1])).toBeGreaterThanOrEqual(20);
      const data = await loadMovieLens({ source: out, env: {} });
      expect(data.ratings).toHaveLength(3000);
      expect(data.movies).toHaveLength(400);
    });
  });

  it('accepts thousands separators in counts', async () => {
    await withTempDir(async (dir) => {
      const args = ['synth', '--out', dir, '--ratings', '3_000', '--films', '1,000', '--users=50'];
      const { code } = await run(args);
      expect(code).toBe(0);
      expect((await loadMovieLens({ source: dir, env: {} })).movies).toHaveLength(1000);
    });
  });

  it.each([
    [[], 'error: no command given (synth)'],
    [['make'], 'error: unknown command "make" (synth)'],
    [['synth'], 'error: missing --out, --ratings, --films, --users'],
    [['synth', '--out', 'x', '--films', '5'], 'error: missing --ratings, --users'],
    [
      ['synth', '--out', 'x', ...SMALL.slice(2), '--ratings', 'lots'],
      '--ratings must be a whole number >= 1, got "lots"',
    ],
    [['synth', '--out', 'x', '--ratings', '-5', ...SMALL.slice(2)], "--ratings'"],
    [
      ['synth', '--out', 'x', '--ratings', '1.5', ...SMALL.slice(2)],
      '--ratings must be a whole number >= 1, got "1.5"',
    ],
    [
      ['synth', '--out', 'x', '--ratings', '0', ...SMALL.slice(2)],
      '--ratings must be a whole number >= 1, got "0"',
    ],
    [
      ['synth', '--out', 'x', ...SMALL, '--seed', 'abc'],
      '--seed must be a whole number >= 0, got "abc"',
    ],
    [['synth', '--out', 'x', ...SMALL, '--colour', 'red'], "Unknown option '--colour'"],
    [['synth', '--out', 'x', ...SMALL, 'extra'], "Unexpected argument 'extra'"],
    [
      ['synth', '--out', 'x', '--ratings', '49', '--films', '400', '--users', '50'],
      'ratings (49) must be at least users (50): every user rates a film',
    ],
    [
      ['synth', '--out', 'x', '--ratings', '20001', '--films', '400', '--users', '50'],
      'ratings (20001) cannot exceed users × films (20000): a user rates a film at most once',
    ],
  ])('rejects %j with a usage error', async (args, message) => {
    const { code, err, out } = await run(args);
    expect(code).toBe(2);
    expect(err).toContain(message);
    expect(err).toContain(USAGE);
    expect(err).not.toMatch(/\n\s+at /); // no stack trace
    expect(out).toEqual([]);
  });

  it('prints the usage on --help', async () => {
    for (const args of [['--help'], ['synth', '--help']]) {
      const { code, out } = await run(args);
      expect(code).toBe(0);
      expect(out).toEqual([USAGE]);
    }
  });

  it('will not overwrite a MovieLens folder without --force', async () => {
    await withTempDir(async (dir) => {
      await writeFile(join(dir, 'ratings.csv'), 'keep me');
      const refused = await run(['synth', '--out', dir, ...SMALL]);
      expect(refused.code).toBe(1);
      expect(refused.err).toBe(
        `error: ${dir} already holds ratings.csv; pass --force to overwrite, or choose another --out\n`,
      );
      const forced = await run(['synth', '--out', dir, ...SMALL, '--force']);
      expect(forced.code).toBe(0);
      expect((await readdir(dir)).sort()).toEqual(['links.csv', 'movies.csv', 'ratings.csv']);
    });
  });

  it('explains an --out it cannot use, without a stack trace', async () => {
    await withTempDir(async (dir) => {
      const file = join(dir, 'file');
      await writeFile(file, '');
      const notFolder = await run(['synth', '--out', file, ...SMALL]);
      expect(notFolder.code).toBe(1);
      expect(notFolder.err).toBe(`error: --out ${file} exists and is not a folder\n`);
      const inside = await run(['synth', '--out', join(file, 'below'), ...SMALL]);
      expect(inside.code).toBe(1);
      expect(inside.err).toMatch(/^error: ENOTDIR: not a directory, \w+ '.*below'\n$/);
      await mkdir(join(dir, 'empty'));
      expect((await run(['synth', '--out', join(dir, 'empty'), ...SMALL])).code).toBe(0);
    });
  });
});
