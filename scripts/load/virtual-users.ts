import { mulberry32 } from '@marquee/contracts';
import type { RatingRecord } from '@marquee/movielens';

/** One simulated browser: its own cookie jar (the identity cookie) and the ratings it gave. */
export interface VirtualUser {
  cookie: string;
  ratings: { movieId: number; rating: number }[];
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * `count` rating histories of real MovieLens users (with at least `perUser` ratings each),
 * `perUser` of their ratings each, sampled with a seed. Users are reused if there are fewer.
 */
export function sampleHistories(
  ratings: readonly RatingRecord[],
  count: number,
  perUser: number,
  seed = 1,
): { movieId: number; rating: number }[][] {
  const byUser = new Map<number, { movieId: number; rating: number }[]>();
  for (const r of ratings) {
    let list = byUser.get(r.userId);
    if (!list) byUser.set(r.userId, (list = []));
    list.push({ movieId: r.movieId, rating: r.rating });
  }
  // Seeded, so a rerun samples the same users.
  const random = mulberry32(seed);
  const eligible = shuffle(
    [...byUser.values()].filter((list) => list.length >= perUser),
    random,
  );
  if (eligible.length === 0) throw new Error(`no MovieLens user has ${perUser} ratings`);
  return Array.from({ length: count }, (_, i) =>
    shuffle(
      [...(eligible[i % eligible.length] as { movieId: number; rating: number }[])],
      random,
    ).slice(0, perUser),
  );
}

/** The identity cookie (name=value) from a response's Set-Cookie headers. */
function identityCookie(res: Response): string | null {
  const first = res.headers.getSetCookie().find((c) => c.startsWith('marquee_uid='));
  return first ? (first.split(';')[0] ?? null) : null;
}

/**
 * Creates the users through the gateway, as browsers would: the first PUT gets the identity
 * cookie, the rest send it. Runs `concurrency` users at a time.
 */
export async function createVirtualUsers(
  gatewayUrl: string,
  histories: { movieId: number; rating: number }[][],
  concurrency: number,
  onProgress: (done: number) => void,
): Promise<VirtualUser[]> {
  const users: VirtualUser[] = new Array(histories.length);
  let next = 0;
  let done = 0;
  async function worker(): Promise<void> {
    while (next < histories.length) {
      const index = next++;
      const ratings = histories[index] as { movieId: number; rating: number }[];
      let cookie = '';
      for (const { movieId, rating } of ratings) {
        const res = await fetch(`${gatewayUrl}/api/ratings/${movieId}`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
          body: JSON.stringify({ rating }),
        });
        if (res.status !== 200) {
          throw new Error(
            `PUT /api/ratings/${movieId} answered ${res.status}: ${await res.text()}`,
          );
        }
        cookie ||= identityCookie(res) ?? '';
        if (!cookie) throw new Error('the gateway set no identity cookie');
      }
      users[index] = { cookie, ratings };
      onProgress(++done);
    }
  }
  await Promise.all(Array.from({ length: concurrency }, () => worker()));
  return users;
}
