import { DEFAULT_RECOMMEND_MIN_RATINGS, LIKED_RATING } from '@marquee/contracts';
import {
  ARTIFACT_FORMAT,
  DEFAULT_NCF_CONFIG,
  weightLayout,
  type MovieRating,
  type NcfArtifact,
  type NcfConfig,
  type TrainingTriples,
} from '@marquee/ncf';
import {
  evaluateNewUsers,
  holdOutNewUsers,
  type HeldOutUser,
  type NewUserHoldOut,
} from './new-user-evaluation';

/** `users` users; user u rated movies 1..(5 + u), rating (u + movie) % 9 / 2 + 0.5. */
function triples(users: number): TrainingTriples {
  const u: number[] = [];
  const m: number[] = [];
  const r: number[] = [];
  for (let user = 1; user <= users; user++) {
    for (let movie = 1; movie <= 5 + user; movie++) {
      u.push(user);
      m.push(movie);
      r.push(((user + movie) % 9) / 2 + 0.5);
    }
  }
  return {
    userIds: Int32Array.from(u),
    movieIds: Int32Array.from(m),
    ratings: Float32Array.from(r),
  };
}

const OPTIONS: NewUserHoldOut = { given: 4, minHidden: 3, fraction: 0.1, maxUsers: 3, seed: 1 };

describe('holdOutNewUsers', () => {
  it('holds whole users out of training, each revealing `given` of their ratings', () => {
    const data = triples(40);
    const { train, users } = holdOutNewUsers(data, OPTIONS);
    // 10% of 40 is 4, capped at maxUsers 3.
    expect(users).toHaveLength(3);
    const trainUsers = new Set(train.userIds);
    const heldOut = new Set<number>();
    for (const user of users) {
      expect(user.revealed).toHaveLength(OPTIONS.given);
      expect(user.hidden.length).toBeGreaterThanOrEqual(OPTIONS.minHidden);
      // The user's ratings are exactly the ones removed from training, split without overlap.
      const movies = [...user.revealed, ...user.hidden].map((x) => x.movieId);
      expect(new Set(movies).size).toBe(movies.length);
      const owner = [...Array(40).keys()]
        .map((i) => i + 1)
        .find((id) => 5 + id === movies.length && !trainUsers.has(id) && !heldOut.has(id));
      expect(owner).toBeDefined();
      heldOut.add(owner as number);
      for (const { movieId, rating } of [...user.revealed, ...user.hidden]) {
        expect(rating).toBe((((owner as number) + movieId) % 9) / 2 + 0.5);
      }
    }
    const heldRatings = users.reduce((s, x) => s + x.revealed.length + x.hidden.length, 0);
    expect(train.ratings.length).toBe(data.ratings.length - heldRatings);
    expect(trainUsers.size).toBe(40 - 3);
  });

  it('is the same split for the same data and seed, another for another seed', () => {
    const data = triples(40);
    const first = holdOutNewUsers(data, OPTIONS);
    expect(holdOutNewUsers(data, OPTIONS)).toEqual(first);
    expect(holdOutNewUsers(data, { ...OPTIONS, seed: 2 }).users).not.toEqual(first.users);
  });

  it('holds out only users with at least given + minHidden ratings', () => {
    // User u has 5 + u ratings; given 4 + minHidden 8 = 12 leaves users 7, 8 and 9.
    const data = triples(9);
    const { users } = holdOutNewUsers(data, { ...OPTIONS, fraction: 1, minHidden: 8, maxUsers: 9 });
    expect(users.map((u) => u.revealed.length + u.hidden.length).sort()).toEqual([12, 13, 14]);
  });

  it('trains on everything when too few users could be held out', () => {
    const data = triples(5);
    const { train, users } = holdOutNewUsers(data, OPTIONS); // 10% of 5 users rounds down to 0
    expect(users).toEqual([]);
    expect(train).toBe(data);
  });
});

/**
 * 40 movies, ids 101..140. The rating network's weights are all 0, so it predicts the middle of the
 * scale, 2.75 stars, for everyone and every movie. The ranking network's tables are 0 but its movie
 * biases, 1 for movie 101 up to 40 for movie 140: every user gets the movies from the highest id
 * down (the stars alone would tie). Movie 140 has fewer ratings than the recommenders' minimum, so
 * it is never recommended; the others have 50.
 */
function rankedArtifact(): NcfArtifact {
  const config: NcfConfig = {
    ...DEFAULT_NCF_CONFIG,
    embedDim: 2,
    hiddenUnits: [4],
    ranking: {
      embedDim: 2,
      inputDropout: 0.5,
      l2: 0.001,
      learningRate: 0.01,
      batchSize: 8,
      maxEpochs: 1,
      patience: 1,
    },
  };
  const movieIds = Array.from({ length: 40 }, (_, i) => 101 + i);
  return {
    format: ARTIFACT_FORMAT,
    config,
    userIds: [1, 2],
    movieIds,
    weights: weightLayout(config, 2, movieIds.length).map(({ name, shape }) => ({
      name,
      shape,
      data:
        name === 'ranking/bias'
          ? Float32Array.from(movieIds, (_, i) => i + 1)
          : new Float32Array(shape.reduce((a, b) => a * b, 1)),
    })),
    stats: {
      meanRating: 3,
      valRmse: 1,
      movieRatingCounts: movieIds.map((id) =>
        id === 140 ? DEFAULT_RECOMMEND_MIN_RATINGS - 1 : 50,
      ),
    },
  };
}

const ratings = (pairs: [number, number][]): MovieRating[] =>
  pairs.map(([movieId, rating]) => ({ movieId, rating }));

/**
 * nDCG with binary gains, written out: `ranks` are the 0-based ranks of the relevant movies found.
 */
function ndcg(ranks: number[], relevant: number): number {
  const gain = (r: number) => 1 / Math.log2(r + 2);
  const ideal = Array.from({ length: Math.min(10, relevant) }, (_, r) => gain(r));
  return ranks.reduce((s, r) => s + gain(r), 0) / ideal.reduce((s, g) => s + g, 0);
}

describe('evaluateNewUsers', () => {
  // Revealing the odd movies 139..121 leaves the even ones first: 138, 136, ..., 120.
  const first: HeldOutUser = {
    revealed: ratings([139, 137, 135, 133, 131, 129, 127, 125, 123, 121].map((id) => [id, 4])),
    hidden: ratings([
      [140, 5], // liked, but too rarely rated to be recommended: never found
      [138, 4.5], // liked, ranked 1st
      [136, 2], // ranked 2nd
      [120, LIKED_RATING], // liked, ranked 10th
      [105, 5], // liked, ranked below the ten
      [999, 4], // liked, unknown to the model: never found, predicted as the revealed mean
    ]),
  };
  // Revealing 139..130 leaves 129..120; no liked movie hidden.
  const second: HeldOutUser = {
    revealed: ratings([139, 138, 137, 136, 135, 134, 133, 132, 131, 130].map((id) => [id, 3])),
    hidden: ratings([
      [129, 1], // ranked 1st
      [128, 3.5], // ranked 2nd
      [111, 2],
    ]),
  };

  it('ranks ten movies per held-out user as serving does and scores them against the hidden movies', () => {
    const metrics = evaluateNewUsers(rankedArtifact(), [first, second], 10);

    const firstAll = ndcg([0, 1, 9], 6);
    const firstLiked = ndcg([0, 9], 5);
    const secondAll = ndcg([0, 1], 3);
    expect(metrics).not.toBeNull();
    const { rmse, ndcg10, ndcg10Liked, precision10, ...counts } = metrics!;
    expect(counts).toEqual({ users: 2, given: 10, predicted: 9, likedUsers: 1 });
    expect(ndcg10).toBeCloseTo((firstAll + secondAll) / 2, 12);
    // The second user hid no liked movie: the liked figure is the first user's alone.
    expect(ndcg10Liked).toBeCloseTo(firstLiked, 12);
    // 3 of the first user's ten and 2 of the second's.
    expect(precision10).toBeCloseTo(5 / 20, 12);
    // Every known movie is predicted 2.75; the unknown one the first user's revealed mean, 4.
    const errors = [
      ...first.hidden.map((r) => (r.movieId === 999 ? 4 : 2.75) - r.rating),
      ...second.hidden.map((r) => 2.75 - r.rating),
    ];
    expect(rmse).toBeCloseTo(Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / 9), 5);
  });

  it('leaves the liked figure out when no held-out user hid a liked movie', () => {
    const metrics = evaluateNewUsers(rankedArtifact(), [second], 10);
    expect(metrics).toMatchObject({ users: 1, likedUsers: 0, precision10: 0.2 });
    expect(metrics?.ndcg10).toBeCloseTo(ndcg([0, 1], 3), 12);
    expect(metrics).not.toHaveProperty('ndcg10Liked');
  });

  it('gives a perfect score when the ten movies are exactly the hidden ones', () => {
    const perfect: HeldOutUser = {
      revealed: first.revealed,
      hidden: ratings([138, 136, 134, 132, 130, 128, 126, 124, 122, 120].map((id) => [id, 5])),
    };
    expect(evaluateNewUsers(rankedArtifact(), [perfect], 10)).toMatchObject({
      ndcg10: 1,
      ndcg10Liked: 1,
      precision10: 1,
    });
  });

  it('is null without held-out users', () => {
    expect(evaluateNewUsers(rankedArtifact(), [], 10)).toBeNull();
  });
});
