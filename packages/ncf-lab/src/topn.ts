/**
 * The top-N protocol: what the product shows a user, scored as a ranking against held-out movies.
 * The served model ranks for every user of the test file, folded in as the recommender folds a
 * user in; two baselines (most-rated movies, EASE) rank for the same users from the same ratings.
 */
import { writeFile } from 'node:fs/promises';
import { DEFAULT_RECOMMEND_MIN_RATINGS, LIKED_RATING } from '@marquee/contracts';
import type { RatingRecord } from '@marquee/movielens';
import {
  MovieSimilarity,
  NcfScorer,
  createRandom,
  topKIndices,
  type MovieRating,
  type NcfArtifact,
} from '@marquee/ncf';
import { Ease, PopularMovies } from './baselines';
import type { LabConfig } from './lab-config';
import type { Progress } from './progress';
import {
  catalogueCoverage,
  listChange,
  meanOverlap,
  rankingMetrics,
  relevantFromRatings,
  type RankingScores,
  type TopLists,
} from './protocols/ranking-metrics';
import { MIN_HIDDEN, splitNewUsers, splitStratified } from './protocols/splitters';
import { InputError } from './ratings-input';
import { trainServedOnRatings } from './training';
import { groupByUser } from './triples';

/** EASE's λ candidates, tried on a validation split of the training ratings. */
export const EASE_LAMBDA_GRID: readonly number[] = [10, 30, 100, 300, 1000, 3000, 10000];

/** Share of the training ratings the known-user validation split keeps for fitting EASE. */
const VALIDATION_RATIO = 0.75;

/** A set of top-k lists, scored. */
export interface ListScores {
  /** Every held-out movie counts as relevant. */
  all: RankingScores;
  /** Only held-out movies rated LIKED_RATING or more count (users without one are left out). */
  liked: RankingScores;
  /** Share of the training movies that appear in at least one list. */
  coverage: number;
  /** Mean share of k two users' lists have in common (1: everyone gets the same list). */
  overlap: number;
}

export interface EaseScores extends ListScores {
  /** The λ chosen on the validation split. */
  lambda: number;
  /** nDCG@k ("all") of each λ on the validation split. */
  grid: { lambda: number; ndcg: number }[];
}

export interface TopNResult {
  users: number;
  k: number;
  /** 'known': users folded in from their training ratings; 'new': from --given. */
  protocol: 'known' | 'new';
  /** Movies in the training ratings. */
  catalogue: number;
  /** Users folded in from their --given ratings and from their --train ratings. */
  foldedInFrom: { given: number; train: number };
  /** The recommender's threshold the model ranks with (movies rated fewer times are left out). */
  minRatings: number;
  model: {
    /** scorer.top(): the ranking alone, best first. */
    top: ListScores;
    /** scorer.recommend(): what the product shows (top pool, shuffled, first k). */
    shown: ListScores;
    /** Movies differing (out of k) between two shown lists drawn for the same user, on average. */
    shownChange: number;
  };
  popular: ListScores;
  /** Null when the run skipped EASE (TopNInput.skipEase). */
  ease: EaseScores | null;
  /** Share of the shown movies the recommender would give a "because you rated" reason. */
  reasons: { cited: number };
  trainSeconds: number;
  servingSeconds: number;
  epochs: number;
  backend: string;
  config: LabConfig;
}

/** One user's lists, as --lists writes them. */
export interface UserLists {
  userId: number;
  top: number[];
  shown: number[];
}

export interface TopNInput {
  train: readonly RatingRecord[];
  test: readonly RatingRecord[];
  /** New-user protocol: what the test users reveal (users missing here fall back to --train). */
  given?: readonly RatingRecord[];
  k: number;
  seed: number;
  config: LabConfig;
  progress: Progress;
  /** Feature tokens by movie (from movies.csv), for a config with filmFeatures. */
  movieFeatures?: ReadonlyMap<number, readonly string[]>;
  /** Movies with fewer training ratings are not recommended; the recommender's default. */
  minRatings?: number;
  /** Leave EASE out: it inverts a movies × movies matrix (too big at tens of thousands). */
  skipEase?: boolean;
}

/**
 * Trains the served model on `train` and scores, for every user of `test`, the model's ranking
 * (top), the product's answer (shown) and the two baselines, all from the same fold-in ratings.
 */
export async function runTopN(
  input: TopNInput,
): Promise<{ result: TopNResult; lists: UserLists[] }> {
  const { train, test, given, k, seed, config, progress, movieFeatures } = input;
  const minRatings = input.minRatings ?? DEFAULT_RECOMMEND_MIN_RATINGS;
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  // Checked before training, so a bad file fails at once.
  const folded = foldInRatings(train, test, given);
  const userIds = [...folded.ratings.keys()].sort((a, b) => a - b);
  const catalogue = new Set(train.map((r) => r.movieId)).size;
  // Relevance comes from the test set alone, as in recommenders' python_evaluation: a held-out
  // movie training never saw cannot be recommended, yet it still counts as relevant (a miss).
  const relevantAll = relevantFromRatings(test);
  const relevantLiked = relevantFromRatings(test, LIKED_RATING);
  if (relevantLiked.size === 0) {
    throw new InputError(`no rating in the test file is ${LIKED_RATING} or more: nothing is liked`);
  }
  const score = (lists: TopLists): ListScores => ({
    all: rankingMetrics(lists, relevantAll, k),
    liked: rankingMetrics(lists, relevantLiked, k),
    coverage: catalogueCoverage(lists, catalogue),
    overlap: meanOverlap(lists, k),
  });
  progress.note(
    `top-${k}: ${userIds.length} users (${given ? 'new users, folded in from --given' : 'known users'}), ` +
      `${catalogue} films in training`,
  );

  // The baselines first: they are quick, and EASE's validation can fail on too little data.
  const popular = new PopularMovies(train);
  const popularLists = new Map(
    userIds.map((id) => [
      id,
      topMovies(popular.movieIds, popular.scores(), ratedMovies(folded.ratings, id), k),
    ]),
  );
  const ease = input.skipEase ? null : easeBaseline(train, given, folded.ratings, userIds, seed, k);
  if (ease) {
    progress.note(
      `EASE lambda ${ease.tuned.lambda} (validation nDCG@${k}: ` +
        `${ease.tuned.grid.map((g) => `${g.lambda}: ${g.ndcg.toFixed(4)}`).join(', ')})`,
    );
  }

  const served = await trainServedOnRatings(train, config, progress, movieFeatures);
  const model = rankWithModel(
    served.artifact,
    config,
    minRatings,
    folded.ratings,
    userIds,
    k,
    seed,
  );
  progress.note(`model lists done in ${model.seconds.toFixed(1)} s`);

  const { metrics } = served;
  return {
    result: {
      users: userIds.length,
      k,
      protocol: given ? 'new' : 'known',
      catalogue,
      foldedInFrom: folded.from,
      minRatings,
      model: {
        top: score(model.top),
        shown: score(model.shown),
        shownChange: listChange(model.shown, model.shownAgain, k),
      },
      popular: score(popularLists),
      ease: ease ? { ...score(ease.lists), ...ease.tuned } : null,
      reasons: { cited: model.cited },
      trainSeconds: metrics.trainSeconds,
      servingSeconds: served.seconds,
      epochs: metrics.epochs,
      backend: metrics.backend,
      config,
    },
    lists: userIds.map((userId) => ({
      userId,
      top: model.top.get(userId) as number[],
      shown: model.shown.get(userId) as number[],
    })),
  };
}

/** Writes one JSON line per user: {"userId":…,"top":[…],"shown":[…]}. */
export async function writeUserLists(path: string, lists: readonly UserLists[]): Promise<void> {
  const text = lists.map((l) => `${JSON.stringify(l)}\n`).join('');
  try {
    await writeFile(path, text, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new InputError(`${path}: cannot write the lists (${code})`);
  }
}

/**
 * The ratings each test user is folded in from: their --given ratings when --given has the
 * user, else their --train ratings. Users of --given absent from --test are ignored; a test user
 * with neither is an InputError.
 */
export function foldInRatings(
  train: readonly RatingRecord[],
  test: readonly RatingRecord[],
  given?: readonly RatingRecord[],
): { ratings: Map<number, MovieRating[]>; from: { given: number; train: number } } {
  const trainByUser = groupByUser(train);
  const givenByUser = given ? groupByUser(given) : new Map<number, RatingRecord[]>();
  const ratings = new Map<number, MovieRating[]>();
  const from = { given: 0, train: 0 };
  for (const userId of [...new Set(test.map((r) => r.userId))].sort((a, b) => a - b)) {
    const own = givenByUser.get(userId) ?? trainByUser.get(userId);
    if (!own) {
      throw new InputError(
        `user ${userId} of the test file has no ratings ` +
          `${given ? 'in --given or --train' : 'in --train'} to fold them in from`,
      );
    }
    if (givenByUser.has(userId)) from.given++;
    else from.train++;
    ratings.set(
      userId,
      own.map(({ movieId, rating }) => ({ movieId, rating })),
    );
  }
  return { ratings, from };
}

/**
 * The served model's lists, as the recommender makes them: a scorer with its minRatings and the
 * config's fold-in, `top` the ranking and `shown` recommend()'s answer, drawn twice per user
 * from one seeded stream (users in ascending id) to measure how much a list changes between two
 * visits; reasons cited as the recommender cites them for the first shown list.
 */
function rankWithModel(
  artifact: NcfArtifact,
  config: LabConfig,
  minRatings: number,
  ratingsByUser: ReadonlyMap<number, MovieRating[]>,
  userIds: readonly number[],
  k: number,
  seed: number,
): {
  top: Map<number, number[]>;
  shown: Map<number, number[]>;
  shownAgain: Map<number, number[]>;
  cited: number;
  seconds: number;
} {
  const started = performance.now();
  const scorer = NcfScorer.fromArtifact(artifact, { foldIn: config.foldIn, minRatings });
  const similarity = MovieSimilarity.fromArtifact(artifact);
  const random = createRandom(seed);
  const top = new Map<number, number[]>();
  const shown = new Map<number, number[]>();
  const shownAgain = new Map<number, number[]>();
  let cited = 0;
  let shownCount = 0;
  try {
    for (const userId of userIds) {
      const ratings = ratingsByUser.get(userId) as MovieRating[];
      const ids = (movies: { movieId: number }[]) => movies.map((f) => f.movieId);
      top.set(userId, ids(scorer.top({ userId, ratings, excludeMovieIds: [], count: k })));
      const first = ids(
        scorer.recommend({ userId, ratings, excludeMovieIds: [], count: k, random }),
      );
      shown.set(userId, first);
      shownAgain.set(
        userId,
        ids(scorer.recommend({ userId, ratings, excludeMovieIds: [], count: k, random })),
      );
      const reasons = similarity.explain(first, ratings);
      cited += first.filter((id) => (reasons.get(id) ?? null) !== null).length;
      shownCount += first.length;
    }
  } finally {
    scorer.dispose();
  }
  return {
    top,
    shown,
    shownAgain,
    cited: shownCount === 0 ? 0 : cited / shownCount,
    seconds: (performance.now() - started) / 1000,
  };
}

/**
 * EASE's λ for known users: fitted on a stratified 75% of each movie's training ratings, each
 * user folded in from their part of it and scored on the rest (users with nothing in the fitted
 * part are left out: they have nothing to fold in from).
 */
/** EASE, its λ chosen on a validation split of `train`, and its lists for `userIds`. */
function easeBaseline(
  train: readonly RatingRecord[],
  given: readonly RatingRecord[] | undefined,
  folded: ReadonlyMap<number, MovieRating[]>,
  userIds: readonly number[],
  seed: number,
  k: number,
): { tuned: ReturnType<typeof chooseEaseLambda>; lists: TopLists } {
  const tuned = given
    ? chooseEaseLambdaNewUsers(train, medianCount(given), seed, k)
    : chooseEaseLambdaKnownUsers(train, seed, k);
  const ease = Ease.fit(train, tuned.lambda);
  const lists = new Map(
    userIds.map((id) => {
      const rated = ratedMovies(folded, id);
      return [id, topMovies(ease.movieIds, ease.scores([...rated]), rated, k)];
    }),
  );
  return { tuned, lists };
}

export function chooseEaseLambdaKnownUsers(
  train: readonly RatingRecord[],
  seed: number,
  k: number,
): { lambda: number; grid: { lambda: number; ndcg: number }[] } {
  const inner = splitStratified(train, { ratio: VALIDATION_RATIO, seed });
  const rated = groupByUser(inner.train);
  const relevant = relevantFromRatings(inner.test.filter((r) => rated.has(r.userId)));
  const folded = new Map([...relevant.keys()].map((id) => [id, moviesOf(rated.get(id))]));
  return chooseEaseLambda(
    inner.train,
    folded,
    relevant,
    k,
    'no training user has ratings on both sides of the validation split',
  );
}

/**
 * EASE's λ for new users: a new-user split of the training ratings in which each held-out user
 * reveals `given` ratings (the median a test user reveals), folded in from those and scored on
 * the hidden ones.
 */
export function chooseEaseLambdaNewUsers(
  train: readonly RatingRecord[],
  given: number,
  seed: number,
  k: number,
): { lambda: number; grid: { lambda: number; ndcg: number }[] } {
  const inner = splitNewUsers(train, { given, seed });
  const folded = new Map(inner.users.map((u) => [u.userId, moviesOf(u.revealed)]));
  const relevant = new Map(inner.users.map((u) => [u.userId, moviesOf(u.hidden)]));
  return chooseEaseLambda(
    inner.train,
    folded,
    relevant,
    k,
    `no held-out training user has at least ${given} + ${MIN_HIDDEN} ratings to validate EASE's lambda on`,
  );
}

/** The λ of EASE_LAMBDA_GRID with the best nDCG@k (the smaller on a tie), and every λ's score. */
function chooseEaseLambda(
  fitOn: readonly RatingRecord[],
  folded: ReadonlyMap<number, ReadonlySet<number>>,
  relevant: ReadonlyMap<number, ReadonlySet<number>>,
  k: number,
  noUsers: string,
): { lambda: number; grid: { lambda: number; ndcg: number }[] } {
  if (relevant.size === 0) throw new RangeError(`EASE validation: ${noUsers}`);
  const grid = EASE_LAMBDA_GRID.map((lambda) => {
    const ease = Ease.fit(fitOn, lambda);
    const lists = new Map(
      [...relevant.keys()].map((id) => {
        const rated = folded.get(id) ?? new Set<number>();
        return [id, topMovies(ease.movieIds, ease.scores([...rated]), rated, k)];
      }),
    );
    return { lambda, ndcg: rankingMetrics(lists, relevant, k).ndcg };
  });
  const best = grid.reduce((a, b) => (b.ndcg > a.ndcg ? b : a));
  return { lambda: best.lambda, grid };
}

/**
 * The k movies with the highest scores (aligned with movieIds), best first, leaving out
 * `exclude`; ties go to the earlier movie (the lower id when movieIds ascend).
 */
export function topMovies(
  movieIds: readonly number[],
  scores: ArrayLike<number>,
  exclude: ReadonlySet<number>,
  k: number,
): number[] {
  const excluded = Uint8Array.from(movieIds, (id) => (exclude.has(id) ? 1 : 0));
  return Array.from(
    topKIndices(Float64Array.from(scores), k, excluded),
    (j) => movieIds[j] as number,
  );
}

/** The median number of ratings per user, rounded. */
export function medianCount(ratings: readonly RatingRecord[]): number {
  const counts = [...groupByUser(ratings).values()].map((r) => r.length).sort((a, b) => a - b);
  const mid = counts.length >> 1;
  const median =
    counts.length % 2 === 1
      ? (counts[mid] as number)
      : ((counts[mid - 1] as number) + (counts[mid] as number)) / 2;
  return Math.round(median);
}

function ratedMovies(byUser: ReadonlyMap<number, MovieRating[]>, userId: number): Set<number> {
  return moviesOf(byUser.get(userId));
}

function moviesOf(ratings: readonly { movieId: number }[] | undefined): Set<number> {
  return new Set((ratings ?? []).map((r) => r.movieId));
}
