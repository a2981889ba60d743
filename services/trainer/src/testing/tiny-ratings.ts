import type { Db } from '@marquee/db';
import { createRandom } from '@marquee/ncf';

export interface TinyRatingsOptions {
  users?: number;
  movies?: number;
  /** Share of movies each user rated. */
  density?: number;
  seed?: number;
}

/**
 * Seeds users, movies and ratings with latent structure: each user and movie has a 2-d taste
 * vector and a rating is 3 + 1.5 * (u . v) + noise, in half stars. Returns the rating count.
 */
export async function seedTinyRatings(db: Db, options: TinyRatingsOptions = {}): Promise<number> {
  const { users = 30, movies = 40, density = 0.6, seed = 7 } = options;
  const random = createRandom(seed);
  const vector = () => [random() * 2 - 1, random() * 2 - 1] as const;
  const movieTaste = Array.from({ length: movies }, vector);
  await db.movie.createMany({
    data: movieTaste.map((_, i) => ({ id: i + 1, title: `Film ${i + 1}`, year: 2000, genres: [] })),
  });
  await db.user.createMany({
    data: Array.from({ length: users }, (_, i) => ({
      kind: 'MOVIELENS' as const,
      movielensId: i + 1,
    })),
  });
  const userRows = await db.user.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
  const ratings: { userId: number; movieId: number; rating: number }[] = [];
  for (const { id: userId } of userRows) {
    const [ux, uy] = vector();
    movieTaste.forEach(([mx, my], i) => {
      if (random() > density) return;
      const raw = 3 + 1.5 * (ux * mx + uy * my) * 2 + (random() - 0.5) * 0.5;
      const rating = Math.min(5, Math.max(0.5, Math.round(raw * 2) / 2));
      ratings.push({ userId, movieId: i + 1, rating });
    });
  }
  await db.rating.createMany({ data: ratings });
  return ratings.length;
}
