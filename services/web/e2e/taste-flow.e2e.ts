import { DEFAULT_RECOMMEND_MIN_RATINGS, type RatingsListResponse } from '@marquee/contracts';
import { generateSyntheticMovieLens, type MovieRecord } from '@marquee/movielens';
import type { Locator } from 'playwright-core';
import { navLink, screenshot, useBrowserSession } from './support/browser';
import { E2E, webUrl } from './support/e2e-env';

const RATED_FILMS = 5;

/**
 * A narrow taste, taken from the synthetic data the process group serves: the genre most common among
 * the films the recommender may pick (those with DEFAULT_RECOMMEND_MIN_RATINGS ratings or
 * more), and five of its films a fan would name, with as few other genres as possible and the
 * most rated first. Titles no other film shares, so the search box finds each one by name.
 */
function narrowTaste(): { genre: string; films: MovieRecord[]; catalogueShare: number } {
  const { movies, ratings } = generateSyntheticMovieLens(E2E.data);
  const ratingCounts = new Map<number, number>();
  for (const r of ratings) ratingCounts.set(r.movieId, (ratingCounts.get(r.movieId) ?? 0) + 1);
  const count = (m: MovieRecord) => ratingCounts.get(m.movieId) ?? 0;
  const titleCounts = new Map<string, number>();
  for (const m of movies) titleCounts.set(m.title, (titleCounts.get(m.title) ?? 0) + 1);

  const candidates = movies.filter((m) => count(m) >= DEFAULT_RECOMMEND_MIN_RATINGS);
  const genreCounts = new Map<string, number>();
  for (const m of candidates) {
    for (const g of m.genres) genreCounts.set(g, (genreCounts.get(g) ?? 0) + 1);
  }
  const [genre, films] = [...genreCounts].sort(
    (a, b) => b[1] - a[1] || a[0].localeCompare(b[0]),
  )[0]!;
  const chosen = candidates
    .filter((m) => m.genres.includes(genre) && titleCounts.get(m.title) === 1)
    .sort((a, b) => a.genres.length - b.genres.length || count(b) - count(a))
    .slice(0, RATED_FILMS);
  return { genre, films: chosen, catalogueShare: films / candidates.length };
}

const ui = useBrowserSession();

/** Clicks a star value inside `scope` and waits for the saved state. */
async function rate(scope: Locator, value: string): Promise<void> {
  await scope.locator(`[role="radio"][data-value="${value}"]`).click();
  await scope.locator(`[data-testid="star-rating"][data-value="${value}"]`).waitFor();
  await scope.getByTestId('rating-saved').waitFor();
}

describe('a new user with a narrow taste', () => {
  const taste = narrowTaste();

  it('is a taste worth testing: a genre that most films do not have', () => {
    expect(taste.films).toHaveLength(RATED_FILMS);
    // Recommending at random would give this share; the list below must do far better.
    expect(taste.catalogueShare).toBeLessThan(0.35);
  });

  it('rates five films of one genre 5 stars, found with the search box', async () => {
    await ui.page.goto(webUrl);
    await ui.page.getByTestId('movie-card').first().waitFor();
    await navLink(ui.page, 'Search').click();
    const searchbox = ui.page.getByRole('searchbox', { name: 'Title' });
    for (const film of taste.films) {
      await searchbox.fill(film.title);
      const result = ui.page.locator(
        `[data-testid="search-result"][data-movie-id="${film.movieId}"]`,
      );
      await result.waitFor();
      await rate(result, '5');
    }
    const res = await ui.context.request.get(`${webUrl}/api/ratings`);
    expect(res.status()).toBe(200);
    const saved = ((await res.json()) as RatingsListResponse).ratings;
    expect(new Map(saved.map((r) => [r.movie.id, r.rating]))).toEqual(
      new Map(taste.films.map((f) => [f.movieId, 5])),
    );
  });

  it('gets recommendations mostly of that genre, each citing only films it rated', async () => {
    await ui.page.getByTestId('get-recommendations-button').click();
    const items = ui.page.getByTestId('recommendation');
    await items.first().waitFor({ timeout: 120_000 });
    // What the user sees on each card: its genre chips and the reason line.
    const cards = await items.evaluateAll((els) =>
      els.map((el) => {
        const line = el.querySelector('[data-testid="recommendation-reason"]');
        return {
          id: Number(el.getAttribute('data-movie-id')),
          genres: Array.from(el.querySelectorAll('[aria-label="Genres"] li'), (li) =>
            (li.textContent ?? '').trim(),
          ),
          kind: line?.getAttribute('data-reason-kind') ?? null,
          cited: Number(line?.getAttribute('data-cited-movie-id')),
        };
      }),
    );
    expect(cards).toHaveLength(10);
    const ofGenre = cards.filter((c) => c.genres.includes(taste.genre)).length;
    process.stderr.write(
      `[browser tests] narrow taste: ${ofGenre} of ${cards.length} recommendations are ` +
        `${taste.genre}; ${(taste.catalogueShare * 100).toFixed(0)}% of recommendable films are\n`,
    );
    expect(ofGenre).toBeGreaterThanOrEqual(6);
    expect(ofGenre / cards.length).toBeGreaterThan(2 * taste.catalogueShare);

    const rated = new Set(taste.films.map((f) => f.movieId));
    expect(cards.filter((c) => rated.has(c.id))).toEqual([]);
    for (const card of cards) {
      // Every rated film was liked, so every card has a reason; a cited film is one of the five.
      expect(['rated', 'taste']).toContain(card.kind);
      if (card.kind === 'rated') expect([...rated]).toContain(card.cited);
    }
    await ui.page.getByTestId('recommendations').scrollIntoViewIfNeeded();
    await screenshot(ui.page, 'taste-1-narrow-recommendations');
  });

  it('had no page errors and no 5xx responses', () => {
    expect(ui.errors).toEqual([]);
  });
});
