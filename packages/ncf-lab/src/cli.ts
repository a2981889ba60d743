import { writeFile } from 'node:fs/promises';
import {
  parseCliOptions,
  runAsMain,
  runCommand,
  UsageError,
  type CliIo,
  type CliOptions,
  type RatingRecord,
} from '@marquee/movielens';
import { artifactChecksum, serializeArtifact, withEpochBudget } from '@marquee/ncf';
import { runColdStart } from './coldstart';
import { evaluateRatingSplit } from './evaluate';
import { labConfig, withoutMovieFeatures, type LabConfig } from './lab-config';
import { createProgress } from './progress';
import { trainServedOnRatings } from './training';
import { writeSplit, type SplitOptions } from './split-command';
import { runTopN, writeUserLists } from './topn';
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
                          [--max-epochs N] [--sampled-softmax]
  npm run ncf -- split --data <dir or ratings.csv> --out <dir> [--protocol known|new] [--seed N]
                          [--ratio 0.75] [--given 10]
  npm run ncf -- topn --train <ratings.csv> --test <ratings.csv> [--given <ratings.csv>]
                          [--movies <movies.csv>] [--seed N] [--k 10] [--lists <out.jsonl>]
                          [--faithful] [--max-epochs N] [--sampled-softmax] [--skip-ease]
Progress goes to stderr; the last line of stdout is one JSON object with the results.
--faithful runs exactly the faithful model and fold-in; without it, the best configuration.
--max-epochs overrides the model's maxEpochs and caps the ranking network's (for quick runs).
--sampled-softmax trains the ranking network with its sampled softmax whatever the catalogue's
size (by default only above ranking.sampledSoftmax.aboveMovies films).
--skip-ease leaves the EASE baseline out (it needs a films x films matrix).
The best configuration's new users get the new-user stack the product serves (the network,
userOffset and item-kNN per film-count bucket, fitted on the training users' validation
ratings): coldstart's rmse and ndcg10 are the product's figures and "plain" the network's own.
train writes the model as the trainer serves it (reason lists, and the stack when best).
split writes a protocol's files into --out: known (default) splits each film's ratings --ratio
to train.csv, the rest to test.csv; new holds 20% of the users out of train.csv, and each with
at least --given + 5 ratings reveals --given of them in given.csv and hides the rest in test.csv.
topn trains the served model on --train and ranks k films for every user of --test, folded in
from their --given ratings (new users) or else their --train ratings: "top" is the ranking,
"shown" what the product shows (drawn from the top 30); popular films and EASE (lambda chosen
on a validation split of --train) rank for the same users. Held-out films are the relevant ones
("all"; "liked": rated 4 or more). --lists writes each user's top and shown lists (JSON lines).`;

export const DEFAULT_SEED = 42;
export const DEFAULT_GIVEN = 10;
export const DEFAULT_K = 10;
export const DEFAULT_RATIO = 0.75;

const COMMANDS = 'evaluate, coldstart, train, split or topn';

/** Runs the CLI with the given arguments (without node and the script); returns the exit code. */
export function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  return runCommand(
    io,
    USAGE,
    async () => {
      io.stdout(JSON.stringify(await dispatch(argv, io)));
      return 0;
    },
    // Bad input files; anything else is a bug, thrown with its stack.
    (error) => error instanceof InputError || error instanceof RangeError,
  );
}

async function dispatch(argv: readonly string[], io: CliIo): Promise<object> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h') {
    throw new UsageError(`no command given (${COMMANDS})`);
  }
  const progress = createProgress(io.stderr);
  if (command === 'evaluate') {
    const options = parseCliOptions(rest, {
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
      movieFeatures: movies?.movieFeatures,
    });
  }
  if (command === 'coldstart') {
    const options = parseCliOptions(rest, {
      data: { type: 'string' },
      given: { type: 'string' },
      seed: { type: 'string' },
      faithful: { type: 'boolean' },
      'max-epochs': { type: 'string' },
    });
    const dataPath = required(options, 'data');
    const given = integerOption(options, 'given', DEFAULT_GIVEN, 1);
    const seed = integerOption(options, 'seed', DEFAULT_SEED, 0);
    const { ratings, config, movieFeatures } = await readData(dataPath, options, progress);
    return runColdStart({ ratings, given, seed, config, progress, movieFeatures });
  }
  if (command === 'train') {
    const options = parseCliOptions(rest, {
      data: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      faithful: { type: 'boolean' },
      'max-epochs': { type: 'string' },
      'sampled-softmax': { type: 'boolean' },
    });
    const dataPath = required(options, 'data');
    const out = required(options, 'out');
    const { ratings, config, movieFeatures } = await readData(dataPath, options, progress);
    const { artifact, metrics, stackFit, neighbourSeconds, seconds } = await trainServedOnRatings(
      ratings,
      config,
      progress,
      movieFeatures,
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
  if (command === 'split') {
    const options = parseCliOptions(rest, {
      data: { type: 'string' },
      out: { type: 'string' },
      protocol: { type: 'string' },
      seed: { type: 'string' },
      ratio: { type: 'string' },
      given: { type: 'string' },
    });
    const dataPath = required(options, 'data');
    const out = required(options, 'out');
    const split = splitOptions(options);
    const ratings = await readRatingsFile(await resolveRatingsPath(dataPath));
    return writeSplit(ratings, out, split);
  }
  if (command === 'topn') {
    const options = parseCliOptions(rest, {
      train: { type: 'string' },
      test: { type: 'string' },
      given: { type: 'string' },
      movies: { type: 'string' },
      seed: { type: 'string' },
      k: { type: 'string' },
      lists: { type: 'string' },
      faithful: { type: 'boolean' },
      'max-epochs': { type: 'string' },
      'sampled-softmax': { type: 'boolean' },
      'skip-ease': { type: 'boolean' },
    });
    const trainPath = required(options, 'train');
    const testPath = required(options, 'test');
    const k = integerOption(options, 'k', DEFAULT_K, 1);
    const seed = integerOption(options, 'seed', DEFAULT_SEED, 0);
    const config = configFrom(options);
    const givenPath = typeof options.given === 'string' ? options.given : undefined;
    const train = await readRatingsFile(trainPath);
    const test = await readRatingsFile(testPath);
    const given = givenPath === undefined ? undefined : await readRatingsFile(givenPath);
    const movies =
      typeof options.movies === 'string' ? await readMovies(options.movies) : undefined;
    if (movies) {
      assertMoviesKnown(train, movies.movieIds, trainPath);
      assertMoviesKnown(test, movies.movieIds, testPath);
      if (given) assertMoviesKnown(given, movies.movieIds, givenPath as string);
    }
    const { result, lists } = await runTopN({
      train,
      test,
      given,
      k,
      seed,
      config: featuresFor(config, movies, progress),
      progress,
      movieFeatures: movies?.movieFeatures,
      skipEase: options['skip-ease'] === true,
    });
    if (typeof options.lists === 'string') {
      await writeUserLists(options.lists, lists);
      progress.note(`lists of ${lists.length} users written to ${options.lists}`);
    }
    return result;
  }
  throw new UsageError(`unknown command "${command}" (expected ${COMMANDS})`);
}

/**
 * What a --data argument holds: its ratings, and the movie features of the movies.csv inside the
 * folder or beside the ratings file (if there is one), with the config to run on them.
 */
async function readData(
  dataPath: string,
  options: CliOptions,
  progress: Progress,
): Promise<{
  ratings: RatingRecord[];
  config: LabConfig;
  movieFeatures: Map<number, string[]> | undefined;
}> {
  // Options first, so a bad one fails before the files are read.
  const base = configFrom(options);
  const ratings = await readRatingsFile(await resolveRatingsPath(dataPath));
  const moviesPath = await moviesBeside(dataPath);
  const movies = moviesPath ? await readMovies(moviesPath) : undefined;
  const config = featuresFor(base, movies, progress);
  return { ratings, config, movieFeatures: movies?.movieFeatures };
}

/** The config itself with movies at hand; without, the same without movie features (noted). */
function featuresFor(
  config: LabConfig,
  movies: MoviesInput | undefined,
  progress: Progress,
): LabConfig {
  if (movies) return config;
  const without = withoutMovieFeatures(config);
  if (without !== config) {
    progress.note('no movies.csv: training without film features (genres, decade)');
  }
  return without;
}

function required(options: CliOptions, name: string): string {
  const value = options[name];
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} is required`);
  return value;
}

function integerOption(options: CliOptions, name: string, fallback: number, min: number): number {
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

/** split's protocol and its parameter; --ratio belongs to known, --given to new. */
function splitOptions(options: CliOptions): SplitOptions {
  const protocol = options.protocol ?? 'known';
  const seed = integerOption(options, 'seed', DEFAULT_SEED, 0);
  if (protocol === 'known') {
    if (options.given !== undefined) throw new UsageError('--given applies to --protocol new');
    return { protocol, seed, ratio: ratioOption(options) };
  }
  if (protocol === 'new') {
    if (options.ratio !== undefined) throw new UsageError('--ratio applies to --protocol known');
    return { protocol, seed, given: integerOption(options, 'given', DEFAULT_GIVEN, 1) };
  }
  throw new UsageError(`--protocol must be known or new, got "${String(protocol)}"`);
}

function ratioOption(options: CliOptions): number {
  const raw = options.ratio;
  if (raw === undefined) return DEFAULT_RATIO;
  const value = typeof raw === 'string' && /^\d*\.?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!(value > 0 && value < 1)) {
    throw new UsageError(`--ratio must be a number strictly between 0 and 1, got "${String(raw)}"`);
  }
  return value;
}

function configFrom(options: CliOptions): LabConfig {
  const config = labConfig(
    options.faithful === true,
    integerOption(options, 'seed', DEFAULT_SEED, 0),
  );
  if (options['max-epochs'] !== undefined) {
    config.ncf = withEpochBudget(
      config.ncf,
      integerOption(options, 'max-epochs', config.ncf.maxEpochs, 1),
    );
    config.description += ` (maxEpochs overridden to ${config.ncf.maxEpochs})`;
  }
  if (options['sampled-softmax'] === true) {
    const ranking = config.ncf.ranking;
    if (!ranking?.sampledSoftmax) {
      throw new UsageError('--sampled-softmax needs the best configuration (no --faithful)');
    }
    config.ncf.ranking = {
      ...ranking,
      sampledSoftmax: { ...ranking.sampledSoftmax, aboveMovies: 0 },
    };
    config.description += ' (ranking network trained with the sampled softmax)';
  }
  return config;
}

if (require.main === module) runAsMain(runCli);
