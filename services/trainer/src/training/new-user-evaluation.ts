import {
  DEFAULT_RECOMMEND_MIN_RATINGS,
  LIKED_RATING,
  type NewUserMetrics,
} from '@marquee/contracts';
import {
  binaryNdcg,
  DEFAULT_FOLD_IN,
  groupRows,
  holdOutUsers,
  meanRating,
  NcfScorer,
  NEW_USER_MIN_HIDDEN,
  selectRows,
  type MovieRating,
  type NcfArtifact,
  type Revealed,
  type TrainingTriples,
} from '@marquee/ncf';

/** How the trainer holds validation users out of training to measure new-user quality. */
export interface NewUserHoldOut {
  /** Ratings a held-out user reveals to the fold-in (the rest are predicted). */
  given: number;
  /** A user is held out only with at least given + minHidden ratings. */
  minHidden: number;
  /** Share of all users held out, and the most held out whatever the share. */
  fraction: number;
  maxUsers: number;
  seed: number;
}

/** Quick enough for every train job: at most 50 users, each revealing 10 ratings. */
export const NEW_USER_HOLD_OUT: NewUserHoldOut = {
  given: 10,
  minHidden: NEW_USER_MIN_HIDDEN,
  fraction: 0.05,
  maxUsers: 50,
  seed: 20_240_601,
};

/** A held-out user's ratings: what they reveal and what they hide. */
export type HeldOutUser = Revealed<MovieRating>;

export interface NewUserSplit {
  /** Every rating except the held-out users'. */
  train: TrainingTriples;
  /** Empty when too few users qualify; then `train` is all the data. */
  users: HeldOutUser[];
}

/**
 * A seeded share of the users with enough ratings is held out of training entirely (like
 * the rating-level validation split, they are validation data); each reveals `given` random
 * ratings. @marquee/ncf's holdOutUsers, drawing among the evaluable users only and revealing in
 * the order drawn. Holding out users costs the served model little: app users are folded in from
 * their ratings at every request, never looked up by their trained embedding.
 */
export function holdOutNewUsers(
  data: TrainingTriples,
  options: NewUserHoldOut = NEW_USER_HOLD_OUT,
): NewUserSplit {
  const { users: heldOut } = holdOutUsers(groupRows(data.userIds), {
    given: options.given,
    minHidden: options.minHidden,
    seed: options.seed,
    count: (users) => Math.min(options.maxUsers, Math.floor(users * options.fraction)),
    drawFrom: 'evaluable',
    revealOrder: 'drawn',
  });
  if (heldOut.length === 0) return { train: data, users: [] };
  const heldOutRows = new Uint8Array(data.userIds.length);
  const rating = (row: number): MovieRating => {
    heldOutRows[row] = 1;
    return { movieId: data.movieIds[row] as number, rating: data.ratings[row] as number };
  };
  const users = heldOut.map((user) => ({
    revealed: user.revealed.map(rating),
    hidden: user.hidden.map(rating),
  }));
  const train = selectRows(data, (row) => heldOutRows[row] === 0);
  return { train, users };
}

/** Movies ranked per held-out user: the product shows ten. */
export const NEW_USER_TOP_K = 10;

/**
 * Measures each held-out user from their revealed ratings as the recommenders serve them: the
 * serving fold-in (DEFAULT_FOLD_IN, the recommenders' default) and the serving movie filter
 * (DEFAULT_RECOMMEND_MIN_RATINGS).
 *
 * - rmse: their hidden ratings predicted (the new-user stack applied when the artifact has one);
 *   a movie the model does not know is predicted as the mean of the user's revealed ratings.
 * - ndcg10, precision10: the ten movies the scorer ranks first (NcfScorer.top: the ranking
 *   network when the artifact has one, else the stars; before recommend()'s variety step),
 *   against the movies the user hid, whatever their rating.
 * - ndcg10Liked: the same against the hidden movies rated LIKED_RATING or more, over the users
 *   who hid at least one (likedUsers); absent when none did.
 *
 * Hidden movies the model does not know, or too rarely rated to be recommended, stay relevant: the
 * figures count what users would miss. Null without users.
 */
export function evaluateNewUsers(
  artifact: NcfArtifact,
  users: readonly HeldOutUser[],
  given: number,
): NewUserMetrics | null {
  if (users.length === 0) return null;
  const scorer = NcfScorer.fromArtifact(artifact, {
    foldIn: DEFAULT_FOLD_IN,
    minRatings: DEFAULT_RECOMMEND_MIN_RATINGS,
  });
  try {
    const index = new Map(scorer.movieIds.map((id, i) => [id, i]));
    let squared = 0;
    let predicted = 0;
    let ndcg = 0;
    let ndcgLiked = 0;
    let likedUsers = 0;
    let hits = 0;
    for (const user of users) {
      const scores = scorer.predictNewUser(user.revealed);
      const fallback = meanRating(user.revealed);
      for (const { movieId, rating } of user.hidden) {
        const i = index.get(movieId);
        const estimate = i === undefined ? fallback : (scores[i] as number);
        squared += (estimate - rating) ** 2;
        predicted++;
      }

      const top = scorer
        .top({ ratings: user.revealed, excludeMovieIds: [], count: NEW_USER_TOP_K })
        .map((movie) => movie.movieId);
      const hidden = new Set(user.hidden.map((r) => r.movieId));
      ndcg += binaryNdcg(top, hidden);
      hits += top.filter((id) => hidden.has(id)).length;
      const liked = new Set(
        user.hidden.filter((r) => r.rating >= LIKED_RATING).map((r) => r.movieId),
      );
      if (liked.size > 0) {
        ndcgLiked += binaryNdcg(top, liked);
        likedUsers++;
      }
    }
    return {
      users: users.length,
      given,
      predicted,
      rmse: Math.sqrt(squared / predicted),
      ndcg10: ndcg / users.length,
      ...(likedUsers > 0 ? { ndcg10Liked: ndcgLiked / likedUsers } : {}),
      likedUsers,
      precision10: hits / (users.length * NEW_USER_TOP_K),
    };
  } finally {
    scorer.dispose();
  }
}
