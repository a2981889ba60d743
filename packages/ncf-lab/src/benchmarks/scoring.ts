/**
 * Serving-speed benchmark of NcfScorer.recommend (not a test): one request = fold-in of a user
 * with 20 ratings, scoring every movie, top pool + shuffle. Random weights in the real shapes:
 * the faithful model (embeddings 32, MLP 64-32-1) with its 'average' fold-in, and the best
 * configuration (BEST_NCF_CONFIG: plus GMF 32 and biases) with its 'map' fold-in; 610 users x
 * 9,724 movies (ml-latest-small) and a synthetic 62,000-movie catalogue. A third row per catalogue
 * is what the recommender does by default (RECOMMEND_MIN_RATINGS 10): the best model scoring only
 * the movies with at least 10 training ratings, a random REGULAR_SHARE of the catalogue (the share
 * ml-latest-small has). A fourth adds the new-user stack (NewUserStack) over 20 neighbours a movie.
 *   TF_BACKEND=wasm npx tsx packages/ncf-lab/src/benchmarks/scoring.ts
 *   TF_BACKEND=cpu  npx tsx packages/ncf-lab/src/benchmarks/scoring.ts
 * It runs @marquee/ncf's build (npm run build:node first), like the ncf CLI.
 * Env BENCH_CALLS (default 500) timed calls per row after BENCH_WARMUP (default 50);
 * BENCH_JS_CALLS (default 50) for the typed-array reference engine, which is far slower.
 * Run node with --expose-gc (NODE_OPTIONS=--expose-gc) for steadier memory figures.
 */
import {
  BEST_NCF_CONFIG,
  createRandom,
  DEFAULT_NCF_CONFIG,
  initBackend,
  NcfScorer,
  REASON_NEIGHBOURS,
  STACK_BUCKET_EDGES,
  type FoldInMethod,
  type NcfArtifact,
  type NcfConfig,
  type ScoringEngine,
} from '@marquee/ncf';
import { buildRandomArtifact } from '@marquee/ncf/testing';

interface Row {
  catalogue: string;
  model: string;
  engine: ScoringEngine;
  calls: number;
  loadMs: number;
  medianMs: number;
  p99Ms: number;
  /** The fold-in alone (timed separately, after each recommend). */
  foldInMedianMs: number;
  rssMb: number;
}

const envInt = (name: string, fallback: number) => {
  const raw = process.env[name];
  const value = raw === undefined ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};

const rssMb = () => {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().rss / 2 ** 20;
};

/** Movies with at least 10 ratings in ml-latest-small: 2,269 of 9,724. */
const REGULAR_SHARE = 2_269 / 9_724;
const SERVING_MIN_RATINGS = 10;

const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;

function timeRecommend(scorer: NcfScorer, warmUp: number, calls: number) {
  const random = createRandom(7);
  const request = () => ({
    ratings: Array.from({ length: 20 }, () => ({
      movieId: scorer.movieIds[Math.floor(random() * scorer.movieIds.length)] as number,
      rating: 0.5 + Math.floor(random() * 10) / 2,
    })),
    excludeMovieIds: [],
    count: 10,
    random,
  });
  for (let i = 0; i < warmUp; i++) scorer.recommend(request());
  const times: number[] = [];
  const foldInTimes: number[] = [];
  for (let i = 0; i < calls; i++) {
    const input = request();
    const started = performance.now();
    scorer.recommend(input);
    times.push(performance.now() - started);
    const foldStarted = performance.now();
    scorer.foldIn(input.ratings);
    foldInTimes.push(performance.now() - foldStarted);
  }
  times.sort((a, b) => a - b);
  foldInTimes.sort((a, b) => a - b);
  return {
    medianMs: quantile(times, 0.5),
    p99Ms: quantile(times, 0.99),
    foldInMedianMs: quantile(foldInTimes, 0.5),
  };
}

async function main() {
  const backend = await initBackend();
  const calls = envInt('BENCH_CALLS', 500);
  const jsCalls = envInt('BENCH_JS_CALLS', 50);
  const warmUp = envInt('BENCH_WARMUP', 50);
  const rows: Row[] = [];
  const baseRss = rssMb();
  process.stderr.write(`backend ${backend}; rss before loading ${baseRss.toFixed(0)} MB\n`);
  const models: [string, NcfConfig, FoldInMethod, ScoringEngine[], number, boolean][] = [
    ['seed + average', DEFAULT_NCF_CONFIG, 'average', ['tensor', 'js'], 0, false],
    ['best + map', BEST_NCF_CONFIG, 'map', ['tensor', 'js'], 0, false],
    ['best + map, 10+ ratings', BEST_NCF_CONFIG, 'map', ['tensor'], SERVING_MIN_RATINGS, false],
    [
      'best + map + new-user stack, 10+ ratings',
      BEST_NCF_CONFIG,
      'map',
      ['tensor'],
      SERVING_MIN_RATINGS,
      true,
    ],
  ];
  for (const [catalogue, movies] of [
    ['ml-latest-small 9,724', 9_724],
    ['synthetic 62,000', 62_000],
  ] as const) {
    for (const [model, config, foldIn, engines, minRatings, stack] of models) {
      const counts = createRandom(movies + 1);
      const base = {
        ...buildRandomArtifact({
          users: 610,
          movies,
          seed: movies,
          config: { ...config, hiddenUnits: [...config.hiddenUnits] },
          scale: 0.3,
        }),
        stats: {
          meanRating: 3.5,
          valRmse: 0.85,
          movieRatingCounts: Array.from({ length: movies }, () =>
            counts() < REGULAR_SHARE ? SERVING_MIN_RATINGS : 1,
          ),
        },
      };
      const artifact = stack ? withRandomStack(base, movies) : base;
      for (const engine of engines) {
        const started = performance.now();
        const scorer = NcfScorer.fromArtifact(artifact, { engine, foldIn, minRatings });
        const loadMs = performance.now() - started;
        const rss = rssMb();
        const n = engine === 'js' ? jsCalls : calls;
        process.stderr.write(`${catalogue}, ${model}, ${engine}: ${n} calls...\n`);
        const timing = timeRecommend(scorer, engine === 'js' ? 5 : warmUp, n);
        rows.push({ catalogue, model, engine, calls: n, loadMs, rssMb: rss, ...timing });
        scorer.dispose();
      }
    }
  }
  const auto = NcfScorer.fromArtifact(
    buildRandomArtifact({ users: 2, movies: 2, seed: 1, config: { hiddenUnits: [4, 2] } }),
  );
  console.log(`\nbackend: ${backend} (engine 'auto' picks '${auto.engine}' here)`);
  auto.dispose();
  console.table(
    rows.map((r) => ({
      catalogue: r.catalogue,
      model: r.model,
      engine: r.engine,
      calls: r.calls,
      'load ms': Number(r.loadMs.toFixed(0)),
      'median ms': Number(r.medianMs.toFixed(2)),
      'p99 ms': Number(r.p99Ms.toFixed(2)),
      'fold-in median ms': Number(r.foldInMedianMs.toFixed(3)),
      'rss after load MB': Number(r.rssMb.toFixed(0)),
    })),
  );
}

/**
 * The artifact with what the new-user stack reads in the real sizes: REASON_NEIGHBOURS random
 * neighbours per movie and random item means and weights.
 */
function withRandomStack(artifact: NcfArtifact, movies: number): NcfArtifact {
  const random = createRandom(movies + 2);
  const offsets = Int32Array.from({ length: movies + 1 }, (_, i) => i * REASON_NEIGHBOURS);
  const neighbours = Int32Array.from({ length: movies * REASON_NEIGHBOURS }, (_, e) => {
    const own = Math.floor(e / REASON_NEIGHBOURS);
    return (own + 1 + Math.floor(random() * (movies - 1))) % movies;
  });
  return {
    ...artifact,
    reasonNeighbours: {
      offsets,
      neighbours,
      similarities: Float32Array.from(neighbours, () => 0.05 + random() * 0.9),
    },
    newUserStack: {
      foldIn: 'map',
      lambda: 5,
      bucketEdges: [...STACK_BUCKET_EDGES],
      weights: STACK_BUCKET_EDGES.map(() => [0, 0.7, 0.3, 0.5]),
      itemMeans: Array.from({ length: movies }, () => 1 + random() * 4),
    },
  };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
