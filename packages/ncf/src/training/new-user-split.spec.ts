import { drawUsers, holdOutUsers, revealRatings, type UserHoldOut } from './new-user-split';
import { createRandom } from '../format/random';

// User u has u + 2 ratings (movies 1..u + 2): with given 3 + minHidden 2, users 3.. are evaluable.
const byUser = new Map(
  Array.from({ length: 12 }, (_, i) => {
    const user = 12 - i;
    return [user, Array.from({ length: user + 2 }, (_, f) => ({ movieId: f + 1, rating: 3 }))];
  }),
);
const options: UserHoldOut = {
  given: 3,
  minHidden: 2,
  seed: 2,
  count: (users) => Math.round(users / 2),
  drawFrom: 'any',
  revealOrder: 'ascending',
};

describe('revealRatings', () => {
  it('reveals `given` of a shuffled copy and hides the rest, the same for the same draws', () => {
    const ratings = [1, 2, 3, 4, 5, 6];
    const { revealed, hidden } = revealRatings(ratings, 2, createRandom(1));
    expect(ratings).toEqual([1, 2, 3, 4, 5, 6]);
    expect(revealed).toHaveLength(2);
    expect([...revealed, ...hidden].sort()).toEqual(ratings);
    expect(revealRatings(ratings, 2, createRandom(1))).toEqual({ revealed, hidden });
  });
});

describe('drawUsers', () => {
  it('depends on the ids and the draws, not on the order they come in', () => {
    expect(drawUsers([3, 1, 2, 5], createRandom(2))).toEqual(
      drawUsers([5, 2, 1, 3], createRandom(2)),
    );
  });
});

describe('holdOutUsers', () => {
  it("drawFrom 'any': short users are held out unevaluated; reveals in ascending id order", () => {
    const split = holdOutUsers(byUser, options);
    expect(split.heldOutUserIds).toHaveLength(6);
    expect(split.heldOutUserIds).toEqual([...split.heldOutUserIds].sort((a, b) => a - b));
    // Pinned: seed 2 holds out users 1 and 2, too short to evaluate.
    expect(split.heldOutUserIds).toEqual([1, 2, 6, 7, 10, 11]);
    expect(split.users.map((u) => u.userId)).toEqual([6, 7, 10, 11]);
    for (const u of split.users) {
      expect(u.revealed).toHaveLength(3);
      expect(u.revealed.length + u.hidden.length).toBe(u.userId + 2);
    }
    expect(holdOutUsers(byUser, options)).toEqual(split);
  });

  it("drawFrom 'evaluable' holds out only users with given + minHidden ratings, in drawn order", () => {
    const split = holdOutUsers(byUser, { ...options, drawFrom: 'evaluable', revealOrder: 'drawn' });
    expect(split.users.map((u) => u.userId).sort((a, b) => a - b)).toEqual(split.heldOutUserIds);
    expect(split.heldOutUserIds.every((id) => id >= 3)).toBe(true);
    expect(split.heldOutUserIds).toHaveLength(6);
  });

  it('holds no one out when the count is below 1', () => {
    expect(holdOutUsers(byUser, { ...options, count: () => 0 })).toEqual({
      heldOutUserIds: [],
      users: [],
    });
  });
});
