import type { MovieDetailsResponse, RatingsListResponse } from '@marquee/contracts';
import { generateSyntheticMovieLens } from '@marquee/movielens';
import { displayTitle } from '../src/lib/movie-display';
import { navLink, screenshot, useBrowserSession } from './support/browser';
import { E2E, webUrl } from './support/e2e-env';

const ui = useBrowserSession();

/** GET through the page's cookies (the same anonymous user). */
async function api<T>(path: string): Promise<T> {
  const res = await ui.context.request.get(`${webUrl}${path}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

/** The synthetic catalogue's most rated film: the model knows it, and it has co-rated films. */
function mostRatedFilm(): number {
  const { ratings } = generateSyntheticMovieLens(E2E.data);
  const counts = new Map<number, number>();
  for (const r of ratings) counts.set(r.movieId, (counts.get(r.movieId) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0]![0];
}

const filmPage = () => ui.page.getByTestId('film-page');

describe("a film's page", () => {
  const filmId = mostRatedFilm();
  let similarId: number;

  it('is reached by its address: title, poster, genres, and the model’s word on it', async () => {
    const { movie } = await api<MovieDetailsResponse>(`/api/movies/${filmId}`);
    await ui.page.goto(`${webUrl}/films/${filmId}`);
    await filmPage().waitFor();
    expect(await filmPage().getAttribute('data-movie-id')).toBe(String(filmId));
    const title = displayTitle(movie.title);
    expect(await ui.page.getByTestId('film-title').textContent()).toBe(title);
    expect(await ui.page.title()).toBe(
      `${movie.year === null ? title : `${title} (${movie.year})`} · Marquee`,
    );
    expect(
      await filmPage()
        .locator('[data-testid="poster-image"], [data-testid="poster-placeholder"]')
        .count(),
    ).toBe(1);
    // While the first model trains the page says so, and asks again by itself.
    const predicted = ui.page.locator('[data-testid="film-predicted-rating"][data-state="ready"]');
    await predicted.waitFor({ timeout: 120_000 });
    expect(await predicted.textContent()).toMatch(/^Predicted rating \d\.\d ★ out of 5$/);

    const similar = ui.page.getByTestId('similar-film');
    await similar.first().waitFor();
    const links = await similar
      .locator('a')
      .evaluateAll((els) => els.map((el) => el.getAttribute('href') ?? ''));
    expect(links.length).toBeGreaterThan(0);
    for (const href of links) expect(href).toMatch(/^\/films\/\d+$/);
    expect(links).not.toContain(`/films/${filmId}`);
    similarId = Number(links[0]!.split('/').pop());
    // No nav section is the current one on a film's page.
    expect(await ui.page.locator('nav [aria-current="page"]').count()).toBe(0);
    await screenshot(ui.page, 'film-1-page');
  });

  it('rates the film there, which /ratings then lists', async () => {
    await filmPage().locator('[role="radio"][data-value="4.5"]').click();
    await filmPage().getByTestId('rating-saved').waitFor();
    const saved = await api<RatingsListResponse>('/api/ratings');
    expect(saved.ratings.map((r) => [r.movie.id, r.rating])).toEqual([[filmId, 4.5]]);

    await navLink(ui.page, /My ratings/).click();
    await ui.page.waitForURL(`${webUrl}/ratings`);
    const row = ui.page.locator(`[data-testid="my-rating"][data-movie-id="${filmId}"]`);
    await row.waitFor();
    expect(await row.getByTestId('star-rating').getAttribute('data-value')).toBe('4.5');
    expect(await navLink(ui.page, /My ratings/).getAttribute('aria-current')).toBe('page');
    expect(await ui.page.title()).toBe('My ratings · Marquee');
  });

  it('goes to a similar film by its link, and saves it to the watchlist, which a reload keeps', async () => {
    await ui.page.goto(`${webUrl}/films/${filmId}`);
    await ui.page.locator(`[data-testid="similar-film"] a[href="/films/${similarId}"]`).click();
    await ui.page.waitForURL(`${webUrl}/films/${similarId}`);
    await ui.page.locator(`[data-testid="film-page"][data-movie-id="${similarId}"]`).waitFor();
    const toggle = filmPage().getByTestId('watchlist-toggle');
    await toggle.click();
    await filmPage().locator('[data-testid="watchlist-toggle"][aria-pressed="true"]').waitFor();

    await navLink(ui.page, /Watchlist/).click();
    await ui.page.waitForURL(`${webUrl}/watchlist`);
    const item = ui.page.locator(`[data-testid="watchlist-item"][data-movie-id="${similarId}"]`);
    await item.waitFor();
    await ui.page.reload();
    await item.waitFor();
    expect(new URL(ui.page.url()).pathname).toBe('/watchlist');
    expect(await navLink(ui.page, /Watchlist/).getAttribute('aria-current')).toBe('page');
    expect(await ui.page.title()).toBe('Watchlist · Marquee');
    // Its title leads back to the film's page.
    await item.getByRole('link').click();
    await ui.page.waitForURL(`${webUrl}/films/${similarId}`);
  });

  it('keeps the recommendations’ genre filter in the address, through a reload', async () => {
    const genre = 'Drama';
    await ui.page.goto(`${webUrl}/recommendations?genre=${genre}`);
    const ready = ui.page.locator('[data-testid="recommendations"][data-state="ready"]');
    await ready.waitFor({ timeout: 60_000 });
    expect(await ui.page.getByLabel('Genre', { exact: true }).inputValue()).toBe(genre);
    await ui.page.reload();
    await ready.waitFor({ timeout: 60_000 });
    expect(new URL(ui.page.url()).search).toBe(`?genre=${genre}`);
    expect(await ui.page.getByLabel('Genre', { exact: true }).inputValue()).toBe(genre);
    const genres = await ui.page
      .getByTestId('recommendation')
      .evaluateAll((els) => els.map((el) => (el.getAttribute('data-genres') ?? '').split('|')));
    expect(genres.length).toBeGreaterThan(0);
    for (const g of genres) expect(g).toContain(genre);
    expect(await navLink(ui.page, 'Recommendations').getAttribute('aria-current')).toBe('page');

    // Choosing another decade changes the address too.
    await ui.page.getByLabel('Decade', { exact: true }).selectOption('1990');
    await ui.page.waitForURL(`${webUrl}/recommendations?genre=${genre}&decade=1990`);
  });

  it.each([['999999999'], ['not-a-film']])(
    'answers /films/%s with the not-found page',
    async (id) => {
      const response = await ui.page.goto(`${webUrl}/films/${id}`);
      expect(response?.status()).toBe(404);
      await ui.page.getByTestId('not-found').waitFor();
      expect(await ui.page.getByTestId('film-page').count()).toBe(0);
      expect(await ui.page.title()).toBe('Not found · Marquee');
      // The site's header and navigation are still there.
      await navLink(ui.page, 'Rate films').waitFor();
    },
  );

  it('had no page errors and no 5xx responses', () => {
    expect(ui.errors).toEqual([]);
  });
});
