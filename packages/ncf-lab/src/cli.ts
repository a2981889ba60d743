import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { RatingRecord } from '@marquee/movielens';
import { artifactChecksum, serializeArtifact } from '@marquee/ncf';
import { runColdStart } from './coldstart';
import { evaluateRatingSplit } from './evaluate';
import { labConfig, withoutFilmFeatures, type LabConfig } from './lab-config';
import { createProgress, type ProgressStream } from './progress';
import { trainServedOnRatings } from './training';
import {
  InputError,
  assertMoviesKnown,
  moviesBeside,
  readMovies,
  readRatingsFile,
  resolveRatingsPath,
  type MoviesInput,
} from './ratings-input';
import type { Progress } from './progress';

export const USAGE = `Usage:
  npm run ncf -- evaluate --train <ratings.csv> --test <ratings.csv> [--movies <movies.csv>]
                          [--seed N] [--faithful] [--max-epochs N]
  npm run ncf -- coldstart --data <dir or ratings.csv> [--given 10] [--seed N] [--faithful]
                          [--max-epochs N]
  (coldstart and train read movies.csv from the --data folder or beside ratings.csv; the best
  configuration uses its genres and years, and trains without them when there is none)
  npm run ncf -- train --data <dir or ratings.csv> --out <model file> [--seed N] [--faithful]
                          [--max-epochs N]
Progress goes to stderr; the last line of stdout is one JSON object with the results.
--faithful runs exactly the seed's model and fold-in; without it, the best configuration.
--max-epochs overrides the model's maxEpochs (for quick runs).
The best configuration's new users get the new-user stack the product serves (the network,
userOffset and item-kNN per film-count bucket, fitted on the training users' validation
ratings): coldstart's rmse and ndcg10 are the product's figures and "plain" the network's own.
train writes the model as the trainer serves it (reason lists, and the stack when best).`;

export const DEFAULT_SEED = 42;
export const DEFAULT_GIVEN = 10;

/** Bad command-line usage; the CLI prints the message and the usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface CliIo {
  /** Receives whole lines of standard output. */
  stdout: (line: string) => void;
  stderr: ProgressStream;
}

/** Runs the CLI with the given arguments (without node and the script); returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const result = await dispatch(argv, io);
    io.stdout(JSON.stringify(result));
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`error: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    if (error instanceof InputError || error instanceof RangeError) {
      io.stderr.write(`error: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<object> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    throw new UsageError('no command given (evaluate, coldstart or train)');
  }
  const progress = createProgress(io.stderr);
  if (command === 'evaluate') {
    const options = parse(rest, {
      train: { type: 'string' },
      test: { type: 'string' },
      movies: { type: 'string' },
      seed: { type: 'string' },
      faithful: { type: 'boolean' },
      'max-epochs': { type: 'string' },
    });
    const trainPath = required(options, 'train');
    const testPath = required(options, 'test');
    const train = await readRatingsFile(trainPath);
    const test = await readRatingsFile(testPath);
    const movies =
      typeof options.movies === 'string' ? await readMovies(options.movies) : undefined;
    if (movies) {
      assertMoviesKnown(train, movies.movieIds, trainPath);
      assertMoviesKnown(test, movies.movieIds, testPath);
    }
    const config = featuresFor(configFrom(options), movies, progress);
    return evaluateRatingSplit({
      train,
      test,
      config,
      progress,
      filmFeatures: movies?.filmFeatures,
    });
  }
  if (command === 'coldstart') {
    const options = parse(rest, {
      data: { type: 'string' },
      given: { type: 'string' },
      seed: { type: 'string' },
      faithful: { type: 'boolean' },
      'max-epochs': { type: 'string' },
    });
    const dataPath = required(options, 'data');
    const given = integerOption(options, 'given', DEFAULT_GIVEN, 1);
    const seed = integerOption(options, 'seed', DEFAULT_SEED, 0);
    const { ratings, config, filmFeatures } = await readData(dataPath, options, progress);
    return runColdStart({ ratings, given, seed, config, progress, filmFeatures });
  }
  if (command === 'train') {
    const options = parse(rest, {
      data: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      faithful: { type: 'boolean' },
      'max-epochs': { type: 'string' },
    });
    const dataPath = required(options, 'data');
    const out = required(options, 'out');
    const { ratings, config, filmFeatures } = await readData(dataPath, options, progress);
    const { artifact, metrics, stackFit, neighbourSeconds, seconds } = await trainServedOnRatings(
      ratings,
      config,
      progress,
      filmFeatures,
    );
    const bytes = serializeArtifact(artifact);
    await writeFile(out, bytes);
    return {
      out,
      bytes: bytes.length,
      checksum: artifactChecksum(bytes),
      ratings: ratings.length,
      ...metrics,
      neighbourSeconds,
      stackSeconds: stackFit?.seconds ?? 0,
      servingSeconds: seconds,
      config,
    };
  }
  throw new UsageError(`unknown command "${command}" (expected evaluate, coldstart or train)`);
}

/**
 * What a --data argument holds: its ratings, and the film features of the movies.csv inside the
 * folder or beside the ratings file (if there is one), with the config to run on them.
 */
async function readData(
  dataPath: string,
  options: Options,
  progress: Progress,
): Promise<{
  ratings: RatingRecord[];
  config: LabConfig;
  filmFeatures: Map<number, string[]> | undefined;
}> {
  const ratings = await readRatingsFile(await resolveRatingsPath(dataPath));
  const moviesPath = await moviesBeside(dataPath);
  const movies = moviesPath ? await readMovies(moviesPath) : undefined;
  const config = featuresFor(configFrom(options), movies, progress);
  return { ratings, config, filmFeatures: movies?.filmFeatures };
}

/** The config itself with movies at hand; without, the same without film features (noted). */
function featuresFor(
  config: LabConfig,
  movies: MoviesInput | undefined,
  progress: Progress,
): LabConfig {
  if (movies || !config.ncf.filmFeatures) return config;
  progress.note('no movies.csv: training without film features (genres, decade)');
  return withoutFilmFeatures(config);
}

type Options = Record<string, string | boolean | undefined>;

function parse(args: string[], spec: Record<string, { type: 'string' | 'boolean' }>): Options {
  try {
    return parseArgs({ args, options: spec, strict: true, allowPositionals: false })
      .values as Options;
  } catch (error) {
    // parseArgs explains unknown options, missing values and stray arguments.
    throw new UsageError((error as Error).message);
  }
}

function required(options: Options, name: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function integerOption(options: Options, name: string, fallback: number, min: number): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (
    typeof raw !== 'string' ||
    !/^-?\d+$/.test(raw) ||
    !Number.isSafeInteger(value) ||
    value < min
  ) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got "${String(raw)}"`);
  }
  return value;
}

function configFrom(options: Options): LabConfig {
  const config = labConfig(
    options.faithful === true,
    integerOption(options, 'seed', DEFAULT_SEED, 0),
  );
  if (options['max-epochs'] !== undefined) {
    config.ncf.maxEpochs = integerOption(options, 'max-epochs', config.ncf.maxEpochs, 1);
    config.description += ` (maxEpochs overridden to ${config.ncf.maxEpochs})`;
  }
  return config;
}

if (require.main === module) {
  runCli(process.argv.slice(2), {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: process.stderr,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
