import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateSyntheticMovieLens } from '@marquee/movielens';
import { NcfScorer, deserializeArtifact } from '@marquee/ncf';
import { runCliCapturing as run } from './testing/run-cli';

const HEADER = 'userId,movieId,rating,timestamp';

describe('ncf CLI', () => {
  let dir: string;
  let files: { train: string; test: string; movies: string; all: string };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ncf-lab-cli-'));
    const data = generateSyntheticMovieLens({ users: 40, movies: 30, ratingsPerUser: 18, seed: 3 });
    const [header, ...rows] = data.files['ratings.csv'].split(/\r?\n/).filter(Boolean);
    files = {
      train: join(dir, 'train.csv'),
      test: join(dir, 'test.csv'),
      movies: join(dir, 'movies.csv'),
      all: join(dir, 'ratings.csv'),
    };
    // Every 5th row tests; rows of user 40 only test (a user training never saw).
    const lastUser = `${40},`;
    const isTest = (row: string, i: number) => i % 5 === 0 || row.startsWith(lastUser);
    await writeFile(files.train, [header, ...rows.filter((r, i) => !isTest(r, i))].join('\n'));
    await writeFile(files.test, [header, ...rows.filter(isTest)].join('\n'));
    await writeFile(files.movies, data.files['movies.csv']);
    await writeFile(files.all, data.files['ratings.csv']);
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** `evaluate` on the fixture's train/test split, then `extra` options. */
  const evaluateSplit = (...extra: string[]) => [
    'evaluate',
    '--train',
    files.train,
    '--test',
    files.test,
    ...extra,
  ];

  it('evaluate: last stdout line is JSON with the documented keys; progress on stderr', async () => {
    const { code, out, err } = await run(
      evaluateSplit('--movies', files.movies, '--seed', '5', '--max-epochs', '2'),
    );
    expect(code).toBe(0);
    const result = JSON.parse(out.at(-1) as string) as Record<string, unknown>;
    for (const key of ['rmse', 'mae', 'n', 'trainSeconds', 'epochs', 'backend', 'config']) {
      expect(result).toHaveProperty(key);
    }
    expect(result.n).toBe(
      (await import('node:fs')).readFileSync(files.test, 'utf8').trim().split('\n').length - 1,
    );
    expect(result.rmse).toBeGreaterThan(0);
    expect(result.rmse).toBeLessThan(2);
    expect(result.epochs).toBe(2);
    expect((result.fallbacks as { unknownUser: number }).unknownUser).toBeGreaterThan(0);
    expect(result.config).toMatchObject({
      name: 'best',
      ncf: { seed: 5, maxEpochs: 2, filmFeatures: true },
    });
    // With movies.csv every movie has a row (its features place it), rated in training or not.
    expect((result.fallbacks as { unknownMovie: number }).unknownMovie).toBe(0);
    expect(err).toMatch(/epoch 1\/2 loss \d+\.\d+ val RMSE \d+\.\d+/);
  });

  it('evaluate without --movies: the best configuration without movie features, said so', async () => {
    const { code, out, err } = await run(evaluateSplit('--max-epochs', '1'));
    expect(code).toBe(0);
    const result = JSON.parse(out.at(-1) as string) as { config: { ncf: object } };
    expect(result.config.ncf).toMatchObject({ filmFeatures: false, biases: true });
    expect(err).toMatch(/no movies\.csv: training without film features/);
  });

  it('coldstart: JSON with the documented keys, faithful config and deterministic', async () => {
    const args = ['coldstart', '--data', dir, '--given', '5', '--seed', '2', '--faithful'];
    const first = await run([...args, '--max-epochs', '1']);
    const second = await run([...args, '--max-epochs', '1']);
    expect(first.code).toBe(0);
    const result = JSON.parse(first.out.at(-1) as string) as Record<string, unknown>;
    for (const key of ['rmse', 'ndcg10', 'users', 'baselines']) expect(result).toHaveProperty(key);
    expect(result.baselines).toMatchObject({
      itemMean: { rmse: expect.any(Number), ndcg10: expect.any(Number) },
      userOffset: { rmse: expect.any(Number), ndcg10: expect.any(Number) },
    });
    expect(result.users).toBe(8); // 20% of 40 users, all with 18 >= 5 + 5 ratings
    expect(result.config).toMatchObject({
      name: 'faithful',
      foldIn: 'average',
    });
    const strip = (line: string) =>
      ({ ...JSON.parse(line), trainSeconds: 0, servingSeconds: 0 }) as object;
    expect(strip(second.out.at(-1) as string)).toEqual(strip(first.out.at(-1) as string));
  });

  it('train: writes an artifact that loads and scores, best model by default', async () => {
    const out = join(dir, 'model.ncf');
    const { code, out: lines } = await run([
      'train',
      '--data',
      files.all,
      '--out',
      out,
      '--max-epochs',
      '1',
    ]);
    expect(code).toBe(0);
    const result = JSON.parse(lines.at(-1) as string) as { bytes: number; epochs: number };
    const bytes = await readFile(out);
    expect(bytes.length).toBe(result.bytes);
    const artifact = deserializeArtifact(bytes);
    expect(artifact.format).toBe('marquee-ncf/5');
    // The best model orders movies with its ranking network.
    expect(artifact.config.ranking).toBeDefined();
    expect(artifact.weights.map((w) => w.name)).toEqual(
      expect.arrayContaining(['ranking/input', 'ranking/output', 'ranking/bias']),
    );
    // As the trainer serves it: reason lists, and the best model's new-user stack (the 40 users
    // are enough to fit one).
    expect(artifact.reasonNeighbours).toBeDefined();
    expect(artifact.newUserStack?.foldIn).toBe('map');
    // movies.csv beside ratings.csv: the best model with movie features.
    expect(artifact.config).toMatchObject({ biases: true, filmFeatures: true });
    expect(artifact.stats?.valRmse).toBeGreaterThan(0);
    const scorer = NcfScorer.fromArtifact(artifact, { engine: 'js' });
    const picks = scorer.recommend({
      ratings: [{ movieId: artifact.movieIds[0]!, rating: 4 }],
      excludeMovieIds: [],
      count: 5,
    });
    expect(picks).toHaveLength(5);
  });

  it.each([
    [[], /no command given/],
    [['fit'], /unknown command "fit"/],
    [['train', '--data', 'x'], /--out is required/],
    [['evaluate', '--test', 'x.csv'], /--train is required/],
    [['evaluate', '--train', 'a.csv', '--test', 'b.csv', '--bogus'], /Unknown option '--bogus'/],
    [['coldstart', '--data', 'x', '--given', 'ten'], /--given must be an integer >= 1, got "ten"/],
    [['coldstart', '--data', 'x', '--seed', '1.5'], /--seed must be an integer >= 0, got "1.5"/],
    [
      ['train', '--data', 'x', '--out', 'm.bin', '--faithful', '--sampled-softmax'],
      /--sampled-softmax needs the best configuration/,
    ],
  ])('argument error %j exits 2 with a clear message and the usage', async (args, message) => {
    const { code, out, err } = await run(args);
    expect(code).toBe(2);
    expect(out).toEqual([]);
    expect(err).toMatch(message);
    expect(err).toMatch(/Usage:/);
  });

  it('rejects missing, empty and malformed rating files naming the file and line', async () => {
    const empty = join(dir, 'empty.csv');
    const headerOnly = join(dir, 'header.csv');
    const nan = join(dir, 'nan.csv');
    const tooHigh = join(dir, 'high.csv');
    await writeFile(empty, '');
    await writeFile(headerOnly, `${HEADER}\n`);
    await writeFile(nan, `${HEADER}\n1,2,4,100\n1,3,NaN,100\n`);
    await writeFile(tooHigh, `${HEADER}\n1,2,7,100\n`);
    const evaluate = (train: string) => run(['evaluate', '--train', train, '--test', files.test]);
    const cases: [string, RegExp][] = [
      [join(dir, 'missing.csv'), /missing\.csv: no such file/],
      [empty, /empty\.csv line 1: file is empty/],
      [headerOnly, /header\.csv: no ratings/],
      [nan, /nan\.csv line 3: .*rating/],
      [tooHigh, /high\.csv line 2: .*rating/],
    ];
    for (const [file, message] of cases) {
      const { code, err, out } = await evaluate(file);
      expect(code).toBe(1);
      expect(out).toEqual([]);
      expect(err).toMatch(message);
    }
    const coldstart = await run(['coldstart', '--data', join(dir, 'nowhere')]);
    expect(coldstart.err).toMatch(/nowhere: no such file or folder/);
  });

  it('rejects ratings of movies missing from --movies', async () => {
    const stray = join(dir, 'stray.csv');
    await writeFile(stray, `${HEADER}\n1,999999,4,100\n1,999998,3,100\n`);
    const { code, err } = await run([
      'evaluate',
      '--train',
      files.train,
      '--test',
      stray,
      '--movies',
      files.movies,
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/movie 999999 .* not in movies\.csv/);
  });
});
