import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseCliOptions, runAsMain, runCommand, UsageError, type CliIo } from './cli-runner';
import { MOVIELENS_FILE_NAMES } from './dataset-files';
import { MOVIELENS_MIN_RATINGS_PER_USER } from './synthetic-activity';
import {
  releaseOptionProblems,
  writeSyntheticRelease,
  type SyntheticProgress,
  type SyntheticReleaseSummary,
} from './synthetic-stream';

export const USAGE = `Usage:
  npm run movielens -- synth --out <dir> --ratings <n> --films <n> --users <n> [--seed <n>] [--force]

synth writes a MovieLens-format folder (ratings.csv, movies.csv, links.csv, as the GroupLens
releases write them) of exactly --ratings ratings by --users users of --films films, shaped like
the full releases: power-law film popularity; long-tailed user activity, at least
${MOVIELENS_MIN_RATINGS_PER_USER} ratings per user when the total allows it; half and whole stars with per-user and
per-film offsets; genres, years and links. Same --seed (default 1), same files. The folder
works as MOVIELENS_DIR. ml-32m's size (about 2-5 minutes and 0.9 GB on 2 cores):
  npm run movielens -- synth --out data/synthetic-32m --ratings 32000000 --films 87585 --users 200948
--force overwrites a folder that already holds MovieLens files. Progress goes to stderr; stdout
gets one JSON object describing what was written.`;

export const DEFAULT_SEED = 1;

/** Runs the CLI with the given arguments (without node and the script); returns the exit code. */
export function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  // Whatever else fails (a folder that cannot be written, a full disk): the message, no stack.
  return runCommand(
    io,
    USAGE,
    () => dispatch(argv, io),
    () => true,
  );
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (command === undefined) throw new UsageError('no command given (synth)');
  if (command !== 'synth') throw new UsageError(`unknown command "${command}" (synth)`);
  const options = synthOptions(rest);
  if (options === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  await checkOutputFolder(options.out, options.force);
  const summary = await writeSyntheticRelease(options.out, {
    ...options,
    onProgress: progressPrinter(io.stderr),
  });
  io.stderr.write(describeSummary(options.out, summary));
  io.stdout(JSON.stringify({ out: options.out, ...summary }));
  return 0;
}

interface SynthOptions {
  out: string;
  ratings: number;
  movies: number;
  users: number;
  seed: number;
  force: boolean;
}

function synthOptions(args: readonly string[]): SynthOptions | 'help' {
  const values = parseCliOptions(args, {
    out: { type: 'string' },
    ratings: { type: 'string' },
    films: { type: 'string' },
    users: { type: 'string' },
    seed: { type: 'string' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) return 'help';
  const missing = ['out', 'ratings', 'films', 'users'].filter((name) => values[name] === undefined);
  if (missing.length) {
    throw new UsageError(`missing ${missing.map((name) => `--${name}`).join(', ')}`);
  }
  const out = values.out as string;
  if (out.trim() === '') throw new UsageError('--out must name a folder');
  const options = {
    // npm runs scripts from the repository's root; a relative --out means where npm was typed.
    out: resolve(process.env.INIT_CWD ?? process.cwd(), out),
    ratings: count(values, 'ratings', 1),
    movies: count(values, 'films', 1),
    users: count(values, 'users', 1),
    seed: values.seed === undefined ? DEFAULT_SEED : count(values, 'seed', 0),
    force: values.force === true,
  };
  const problems = releaseOptionProblems(options).map((problem) =>
    problem.replace(/\bmovies\b/g, 'films'),
  );
  if (problems.length) throw new UsageError(problems.join('; '));
  return options;
}

/** A whole number option; "32000000", "32_000_000" and "32,000,000" are the same. */
function count(values: Record<string, unknown>, name: string, min: number): number {
  const raw = String(values[name]);
  const digits = raw.replace(/[_,](?=\d{3}(\D|$))/g, '');
  const value = /^\d+$/.test(digits) ? Number(digits) : NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(`--${name} must be a whole number >= ${min}, got "${raw}"`);
  }
  return value;
}

async function checkOutputFolder(out: string, force: boolean): Promise<void> {
  const kind = await pathKind(out);
  if (kind === 'other') throw new Error(`--out ${out} exists and is not a folder`);
  if (kind === 'missing' || force) return;
  const present: string[] = [];
  for (const name of MOVIELENS_FILE_NAMES) {
    if ((await pathKind(join(out, name))) !== 'missing') present.push(name);
  }
  if (present.length) {
    throw new Error(
      `${out} already holds ${present.join(', ')}; pass --force to overwrite, or choose ` +
        'another --out',
    );
  }
}

async function pathKind(path: string): Promise<'folder' | 'other' | 'missing'> {
  try {
    return (await stat(path)).isDirectory() ? 'folder' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

/** Progress lines: redrawn in place on a terminal, else one line every ten seconds. */
function progressPrinter(stream: CliIo['stderr']): (progress: SyntheticProgress) => void {
  let printed = 0;
  return ({ rows, totalRows, seconds }) => {
    const done = rows >= totalRows;
    if (!stream.isTTY && !done && seconds - printed < 10) return;
    printed = seconds;
    const rate = seconds > 0 ? rows / seconds : 0;
    const eta = rate > 0 ? (totalRows - rows) / rate : 0;
    const line =
      `ratings.csv: ${rows.toLocaleString('en-US')} of ${totalRows.toLocaleString('en-US')} ` +
      `rows (${((100 * rows) / totalRows).toFixed(1)}%), ` +
      `${Math.round(rate).toLocaleString('en-US')} rows/s, ` +
      (done ? `done in ${duration(seconds)}` : `ETA ${duration(eta)}`);
    stream.write(stream.isTTY ? `\r${line}\x1b[K${done ? '\n' : ''}` : `${line}\n`);
  };
}

function duration(seconds: number): string {
  const whole = Math.round(seconds);
  return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
}

function describeSummary(out: string, s: SyntheticReleaseSummary): string {
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const n = (value: number) => value.toLocaleString('en-US');
  return [
    `wrote ${out} in ${duration(s.seconds)}:`,
    `  ratings.csv ${mb(s.bytes['ratings.csv'])}, movies.csv ${mb(s.bytes['movies.csv'])}, ` +
      `links.csv ${mb(s.bytes['links.csv'])}`,
    `  ${n(s.ratings)} ratings by ${n(s.users)} users of ${n(s.movies)} films ` +
      `(${n(s.ratedMovies)} rated at least once)`,
    `  ratings per user: min ${n(s.userRatings.min)}, median ${n(s.userRatings.median)}, ` +
      `mean ${s.userRatings.mean.toFixed(1)}, max ${n(s.userRatings.max)}`,
    `  ratings per rated film: median ${n(s.movieRatings.median)}, ` +
      `max ${n(s.movieRatings.max)}, Gini ${s.movieGini.toFixed(3)}`,
    `  mean rating ${s.meanRating.toFixed(2)}, ${(100 * s.halfStarShare).toFixed(1)}% half stars`,
    '',
  ].join('\n');
}

if (require.main === module) runAsMain(runCli);
