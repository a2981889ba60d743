/**
 * Benchmark on the real MovieLens data: a seeded 90/10 split of ratings.csv, then evaluate and
 * coldstart (best and faithful) with seed 1, coldstart (best) with seeds 2 to 6, training
 * throughput, `train` on all of it (what the trainer does: rating network, ranking network,
 * new-user stack, reason lists), and the top-10 protocols (topn: known users on a 75/25 split
 * stratified by movie, best and faithful; new users given 10 with seeds 1 to 3, and faithful with
 * seed 1), each beside most-popular and EASE. Prints markdown tables and writes
 * docs/benchmarks-latest.json.
 *   MOVIELENS_DIR=/path/to/ml-latest-small npm run bench
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRandom, shuffleInPlace } from '@marquee/ncf';
import { runCli } from './cli';

const REPO_ROOT = resolve(__dirname, '../../..');
const SEED = 1;
const TEST_FRACTION = 0.1;

function datasetDir(): string {
  const dir = process.env.MOVIELENS_DIR ?? resolve(REPO_ROOT, '../shared/datasets/ml-latest-small');
  if (!existsSync(join(dir, 'ratings.csv'))) {
    throw new Error(
      `no ratings.csv in ${dir}: set MOVIELENS_DIR to an unpacked ml-latest-small folder`,
    );
  }
  return dir;
}

/** Writes a seeded random 90/10 split of the rows of ratings.csv (header kept in both). */
async function writeSplit(
  ratingsCsv: string,
  dir: string,
): Promise<{ train: string; test: string; trainRows: number }> {
  const [header, ...rows] = (await readFile(ratingsCsv, 'utf8')).split(/\r?\n/);
  const data = rows.filter((line) => line.trim() !== '');
  shuffleInPlace(data, createRandom(SEED));
  const testSize = Math.round(data.length * TEST_FRACTION);
  const train = join(dir, 'train.csv');
  const test = join(dir, 'test.csv');
  await writeFile(train, [header, ...data.slice(testSize)].join('\n') + '\n');
  await writeFile(test, [header, ...data.slice(0, testSize)].join('\n') + '\n');
  return { train, test, trainRows: data.length - testSize };
}

interface Run {
  name: string;
  command: string;
  result: Record<string, unknown>;
  wallSeconds: number;
}

async function run(name: string, args: string[]): Promise<Run> {
  process.stderr.write(`\n== ${name}: npm run ncf -- ${args.join(' ')}\n`);
  let last = '';
  const started = performance.now();
  const code = await runCli(args, { stdout: (line) => (last = line), stderr: process.stderr });
  if (code !== 0) throw new Error(`${name} failed with exit code ${code}`);
  return {
    name,
    command: `npm run ncf -- ${args.join(' ')}`,
    result: JSON.parse(last) as Record<string, unknown>,
    wallSeconds: (performance.now() - started) / 1000,
  };
}

const f = (v: unknown, digits = 4) => (typeof v === 'number' ? v.toFixed(digits) : 'n/a');

async function main() {
  const dir = datasetDir();
  const work = await mkdtemp(join(tmpdir(), 'marquee-bench-'));
  try {
    const split = await writeSplit(join(dir, 'ratings.csv'), work);
    const seed = ['--seed', String(SEED)];
    const movies = join(dir, 'movies.csv');
    const evaluate = [
      'evaluate',
      '--train',
      split.train,
      '--test',
      split.test,
      '--movies',
      movies,
      ...seed,
    ];
    const coldstart = ['coldstart', '--data', dir, ...seed];
    const runs = [
      await run('evaluate (best)', evaluate),
      await run('evaluate (faithful)', [...evaluate, '--faithful']),
      await run('coldstart (best)', coldstart),
      await run('coldstart (faithful)', [...coldstart, '--faithful']),
    ];
    // The new-user target holds for any seed: five more held-out user sets.
    for (const other of [2, 3, 4, 5, 6]) {
      runs.push(
        await run(`coldstart (best) seed ${other}`, [
          'coldstart',
          '--data',
          dir,
          '--seed',
          `${other}`,
        ]),
      );
    }
    const [evalBest, evalFaithful, ...coldRuns] = runs as [Run, Run, ...Run[]];
    const topRuns = await topNRuns(dir, work);
    const served = await run('train (best, all ratings)', [
      'train',
      '--data',
      dir,
      '--out',
      join(work, 'model.bin'),
    ]);
    // Training throughput: examples through the optimizer per second (the training part,
    // 1 - validationFraction of the train file, times the epochs run; trainSeconds includes
    // the per-epoch validation pass).
    const samplesPerSecond = (r: Run) => {
      const { validationFraction } = (r.result.config as { ncf: { validationFraction: number } })
        .ncf;
      return (
        (split.trainRows * (1 - validationFraction) * (r.result.epochs as number)) /
        (r.result.trainSeconds as number)
      );
    };

    const lines = [
      '| run | RMSE | MAE / NDCG@10 | train s | epochs | samples/s | backend |',
      '| --- | --- | --- | --- | --- | --- | --- |',
      ...[evalBest, evalFaithful].map(
        (r) =>
          `| ${r.name} | ${f(r.result.rmse)} | MAE ${f(r.result.mae)} | ${f(r.result.trainSeconds, 1)} | ${String(r.result.epochs)} | ${samplesPerSecond(r).toFixed(0)} | ${String(r.result.backend)} |`,
      ),
      ...coldRuns.flatMap((r) => {
        const b = r.result.baselines as Record<
          string,
          { rmse: number; ndcg10: number; lambda?: number }
        >;
        const gain = (1 - (r.result.rmse as number) / (b.userOffset?.rmse as number)) * 100;
        const ndcgGain = (r.result.ndcg10 as number) - (b.userOffset?.ndcg10 as number);
        return [
          `| ${r.name} (vs userOffset: RMSE ${gain >= 0 ? '-' : '+'}${Math.abs(gain).toFixed(2)}%, NDCG ${ndcgGain >= 0 ? '+' : ''}${ndcgGain.toFixed(4)}) | ${f(r.result.rmse)} | NDCG ${f(r.result.ndcg10)} | ${f(r.result.trainSeconds, 1)} | ${String(r.result.epochs)} | | ${String(r.result.backend)} |`,
          `| ${r.name} itemMean | ${f(b.itemMean?.rmse)} | NDCG ${f(b.itemMean?.ndcg10)} | | | | |`,
          `| ${r.name} userOffset (λ=${String(b.userOffset?.lambda)}) | ${f(b.userOffset?.rmse)} | NDCG ${f(b.userOffset?.ndcg10)} | | | | |`,
        ];
      }),
    ];
    lines.push(
      '',
      `train (best) on all ${String(served.result.ratings ?? '')} ratings: ready to serve in ` +
        `${f(served.result.servingSeconds, 1)} s (network ${f(served.result.trainSeconds, 1)} s, ` +
        `${String(served.result.epochs)} epochs; new-user stack ${f(served.result.stackSeconds, 1)} s ` +
        `beside it; reason lists ${f(served.result.neighbourSeconds, 1)} s)`,
    );
    lines.push('', ...topNTable(topRuns));
    console.log(lines.join('\n'));
    const out = {
      date: new Date().toISOString(),
      dataset: dir,
      split: { seed: SEED, testFraction: TEST_FRACTION },
      trainRatings: split.trainRows,
      trainingSamplesPerSecond: {
        best: samplesPerSecond(evalBest),
        faithful: samplesPerSecond(evalFaithful),
      },
      runs: [...runs, ...topRuns, served],
    };
    await mkdir(join(REPO_ROOT, 'docs'), { recursive: true });
    await writeFile(
      join(REPO_ROOT, 'docs/benchmarks-latest.json'),
      JSON.stringify(out, null, 2) + '\n',
    );
    console.log(`\nwrote docs/benchmarks-latest.json`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Seeds of the new-user top-10 protocol: each holds out another fifth of the users. */
const TOP_N_NEW_USER_SEEDS = [1, 2, 3];
const TOP_N_KNOWN_SEED = 42;

/** The top-10 protocols, each split written to files and judged by `topn`. */
async function topNRuns(dir: string, work: string): Promise<Run[]> {
  const movies = join(dir, 'movies.csv');
  const runs: Run[] = [];
  const known = join(work, 'known');
  await run('split (known users)', [
    'split',
    '--data',
    dir,
    '--out',
    known,
    '--protocol',
    'known',
    '--seed',
    String(TOP_N_KNOWN_SEED),
  ]);
  const knownArgs = [
    'topn',
    '--train',
    join(known, 'train.csv'),
    '--test',
    join(known, 'test.csv'),
    '--movies',
    movies,
    '--seed',
    String(TOP_N_KNOWN_SEED),
  ];
  runs.push(await run('topn known users (best)', knownArgs));
  runs.push(await run('topn known users (faithful)', [...knownArgs, '--faithful']));
  for (const seed of TOP_N_NEW_USER_SEEDS) {
    const out = join(work, `new-${seed}`);
    await run(`split (new users, seed ${seed})`, [
      'split',
      '--data',
      dir,
      '--out',
      out,
      '--protocol',
      'new',
      '--given',
      '10',
      '--seed',
      String(seed),
    ]);
    const args = [
      'topn',
      '--train',
      join(out, 'train.csv'),
      '--test',
      join(out, 'test.csv'),
      '--given',
      join(out, 'given.csv'),
      '--movies',
      movies,
      '--seed',
      String(seed),
    ];
    runs.push(await run(`topn new users seed ${seed} (best)`, args));
    if (seed === TOP_N_NEW_USER_SEEDS[0]) {
      runs.push(await run(`topn new users seed ${seed} (faithful)`, [...args, '--faithful']));
    }
  }
  return runs;
}

interface ListFigures {
  all: { ndcg: number };
  liked: { ndcg: number };
  coverage: number;
  overlap: number;
}

/** One row per list of each topn run: the model's top and shown lists, then the yardsticks. */
function topNTable(runs: readonly Run[]): string[] {
  const row = (name: string, l: ListFigures, extra = '') =>
    `| ${name} | ${f(l.all.ndcg)} | ${f(l.liked.ndcg)} | ${f(l.coverage)} | ${f(l.overlap)} | ${extra} |`;
  const lines = [
    '| topn run: list | nDCG@10 all | nDCG@10 liked | coverage | overlap | notes |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of runs) {
    const model = r.result.model as { top: ListFigures; shown: ListFigures; shownChange: number };
    const ease = r.result.ease as ListFigures & { lambda: number };
    const reasons = r.result.reasons as { cited: number } | undefined;
    const ratio = model.top.all.ndcg / ease.all.ndcg;
    lines.push(
      row(`${r.name}: top`, model.top, `${ratio.toFixed(3)} x EASE (all)`),
      row(
        `${r.name}: shown`,
        model.shown,
        `${(model.shown.all.ndcg / model.top.all.ndcg).toFixed(3)} x top; ` +
          `${model.shownChange.toFixed(2)} of 10 films change between requests; ` +
          `reasons cite a film for ${f((reasons?.cited ?? 0) * 100, 1)}%`,
      ),
      row(`${r.name}: popular`, r.result.popular as ListFigures),
      row(`${r.name}: EASE`, ease, `λ ${ease.lambda}`),
    );
  }
  return lines;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
