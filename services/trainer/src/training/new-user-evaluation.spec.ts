import type { TrainingTriples } from '@marquee/ncf';
import { holdOutNewUsers, type NewUserHoldOut } from './new-user-evaluation';

/** `users` users; user u rated films 1..(5 + u), rating (u + film) % 9 / 2 + 0.5. */
function triples(users: number): TrainingTriples {
  const u: number[] = [];
  const m: number[] = [];
  const r: number[] = [];
  for (let user = 1; user <= users; user++) {
    for (let film = 1; film <= 5 + user; film++) {
      u.push(user);
      m.push(film);
      r.push(((user + film) % 9) / 2 + 0.5);
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
      const films = [...user.revealed, ...user.hidden].map((x) => x.movieId);
      expect(new Set(films).size).toBe(films.length);
      const owner = [...Array(40).keys()]
        .map((i) => i + 1)
        .find((id) => 5 + id === films.length && !trainUsers.has(id) && !heldOut.has(id));
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
