import {
  DEFAULT_RECOMMEND_MIN_RATINGS,
  type NotInterestedResponse,
  type RecommendationsResponse,
  type WatchlistResponse,
} from '@marquee/contracts';
import { generateSyntheticMovieLens } from '@marquee/movielens';
import type { Locator } from 'playwright-core';
import { navLink, screenshot, useBrowserSession } from './support/browser';
import { E2E, webUrl } from './support/e2e-env';

const ui = useBrowserSession();

const recommendation = (id: number) =>
  ui.page.locator(`[data-testid="recommendation"][data-movie-id="${id}"]`);

/** Clicks a star value inside `scope` and waits for the saved state. */
async function rate(scope: Locator, value: string): Promise<void> {
  await scope.locator(`[role="radio"][data-value="${value}"]`).click();
  await scope.locator(`[data-testid="star-rating"][data-value="${value}"]`).waitFor();
  await scope.getByTestId('rating-saved').waitFor();
}

/** GET through the page's cookies (the same anonymous user). */
async function api<T>(path: string): Promise<T> {
  const res = await ui.context.request.get(`${webUrl}${path}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

/** Polls until `check` holds: a write finishes a moment after the page shows it. */
async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const giveUpAt = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await ui.page.waitForTimeout(100);
  }
}

/** The films of `count` fresh answers from the recommender, for this user. */
async function recommendedIds(times = 4): Promise<Set<number>> {
  const ids = new Set<number>();
  for (let i = 0; i < times; i++) {
    const body = await api<RecommendationsResponse>('/api/recommendations?count=30');
    for (const item of body.items) ids.add(item.movie.id);
  }
  return ids;
}

async function shownIds(): Promise<number[]> {
  return ui.page
    .getByTestId('recommendation')
    .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-movie-id'))));
}

/**
 * A genre worth filtering by in the synthetic data the process group serves: among the genres of at
 * least 20 of the films the recommender prefers (rated DEFAULT_RECOMMEND_MIN_RATINGS times or
 * more), the rarest, so an unfiltered list would rarely be all of it.
 */
function filterGenre(): { genre: string; share: number } {
  const { movies, ratings } = generateSyntheticMovieLens(E2E.data);
  const counts = new Map<number, number>();
  for (const r of ratings) counts.set(r.movieId, (counts.get(r.movieId) ?? 0) + 1);
  const regular = movies.filter(
    (m) => (counts.get(m.movieId) ?? 0) >= DEFAULT_RECOMMEND_MIN_RATINGS,
  );
  const byGenre = new Map<string, number>();
  for (const m of regular) for (const g of m.genres) byGenre.set(g, (byGenre.get(g) ?? 0) + 1);
  const [genre, films] = [...byGenre]
    .filter(([, n]) => n >= 20)
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))[0]!;
  return { genre, share: films / regular.length };
}

describe('controls on recommendations', () => {
  it('gets recommendations after rating five films', async () => {
    await ui.page.goto(webUrl);
    await ui.page.getByTestId('movie-card').first().waitFor();
    for (let i = 0; i < 5; i++) {
      const next = ui.page.locator('[data-testid="movie-card"][data-rated="false"]').first();
      // By id: once rated, the card no longer matches the locator above.
      const id = await next.getAttribute('data-movie-id');
      const card = ui.page.locator(`[data-testid="movie-card"][data-movie-id="${id}"]`);
      await rate(card, i % 2 === 0 ? '4.5' : '3');
    }
    await ui.page.getByTestId('get-recommendations-button').click();
    await ui.page.getByTestId('recommendation').first().waitFor({ timeout: 120_000 });
    expect((await shownIds()).length).toBe(10);
  });

  let dismissed: number;

  it('hides a film marked "not interested", with an Undo that brings it back', async () => {
    [dismissed] = (await shownIds()) as [number];
    await recommendation(dismissed).getByTestId('not-interested-button').click();
    const hidden = ui.page.locator(
      `[data-testid="hidden-recommendation"][data-movie-id="${dismissed}"]`,
    );
    await hidden.waitFor();
    expect(await recommendation(dismissed).count()).toBe(0);
    // Keyboard users land on Undo.
    expect(await ui.page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'undo-not-interested-button',
    );
    const marked = await api<NotInterestedResponse>('/api/not-interested');
    expect(marked.items.map((i) => i.movie.id)).toEqual([dismissed]);
    await screenshot(ui.page, 'controls-1-not-interested');

    await ui.page.keyboard.press('Enter'); // Undo
    await recommendation(dismissed).waitFor();
    expect(await hidden.count()).toBe(0);
    await until('the mark to be undone', async () => {
      const list = await api<NotInterestedResponse>('/api/not-interested');
      return list.items.length === 0;
    });
  });

  it('never recommends it again once marked for good', async () => {
    await recommendation(dismissed).getByTestId('not-interested-button').click();
    await ui.page
      .locator(`[data-testid="hidden-recommendation"][data-movie-id="${dismissed}"]`)
      .waitFor();
    expect(await recommendedIds()).not.toContain(dismissed);
    await ui.page.getByTestId('refresh-recommendations-button').click();
    await ui.page.getByTestId('recommendation').first().waitFor();
    expect(await shownIds()).not.toContain(dismissed);
  });

  it('lists the hidden film in the Watchlist tab, where "Show again" undoes the mark', async () => {
    await navLink(ui.page, /Watchlist/).click();
    const row = ui.page.locator(`[data-testid="hidden-film"][data-movie-id="${dismissed}"]`);
    await row.waitFor();
    await row.getByTestId('show-again-button').click();
    await ui.page.getByTestId('hidden-films-empty').waitFor();
    await until('the mark to be undone', async () => {
      const list = await api<NotInterestedResponse>('/api/not-interested');
      return list.items.length === 0;
    });
    // Hidden again, as the tests that follow found it.
    const again = await ui.context.request.put(`${webUrl}/api/not-interested/${dismissed}`);
    expect(again.status()).toBe(204);
    await navLink(ui.page, 'Recommendations').click();
    await ui.page.getByTestId('recommendation').first().waitFor();
  });

  let saved: number;

  it('saves a recommended film to the watchlist (by keyboard), which shows it in its own tab', async () => {
    [saved] = (await shownIds()) as [number];
    const toggle = recommendation(saved).getByTestId('watchlist-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.focus();
    await ui.page.keyboard.press('Space');
    await ui.page
      .locator(
        `[data-testid="recommendation"][data-movie-id="${saved}"] [data-testid="watchlist-toggle"][aria-pressed="true"]`,
      )
      .waitFor();
    await until('the watchlist to hold the film', async () => {
      const list = await api<WatchlistResponse>('/api/watchlist');
      return list.items.some((i) => i.movie.id === saved);
    });
    expect(await ui.page.getByTestId('watchlist-count').textContent()).toBe('1');
    expect(await recommendedIds()).not.toContain(saved);

    await navLink(ui.page, /Watchlist/).click();
    const row = ui.page.locator(`[data-testid="watchlist-item"][data-movie-id="${saved}"]`);
    await row.waitFor();
    expect(await ui.page.getByTestId('watchlist-item').count()).toBe(1);
    const title = await row.locator('h3').textContent();
    expect(title?.length).toBeGreaterThan(0);
    await screenshot(ui.page, 'controls-2-watchlist');
  });

  it('removes it from the watchlist', async () => {
    await ui.page
      .locator(`[data-testid="watchlist-item"][data-movie-id="${saved}"]`)
      .getByTestId('watchlist-remove-button')
      .click();
    await ui.page.getByTestId('watchlist-empty').waitFor();
    await until('the watchlist to be empty', async () => {
      const list = await api<WatchlistResponse>('/api/watchlist');
      return list.items.length === 0;
    });
    // The view is an address: a reload stays on it.
    await ui.page.reload();
    expect(new URL(ui.page.url()).pathname).toBe('/watchlist');
    await ui.page.getByTestId('watchlist-empty').waitFor();
  });

  it('limits the recommendations to one genre, from the whole catalogue', async () => {
    const { genre, share } = filterGenre();
    await navLink(ui.page, 'Rate films').click();
    await ui.page.getByTestId('get-recommendations-button').click();
    await ui.page.getByTestId('recommendation').first().waitFor({ timeout: 60_000 });
    await ui.page.getByLabel('Genre', { exact: true }).selectOption(genre);
    // The new list: loaded, and not the unfiltered one still on screen.
    await ui.page.waitForFunction(
      (wanted) => {
        const section = document.querySelector('[data-testid="recommendations"]');
        const cards = Array.from(document.querySelectorAll('[data-testid="recommendation"]'));
        return (
          section?.getAttribute('data-state') === 'ready' &&
          cards.length > 0 &&
          cards.every((c) => (c.getAttribute('data-genres') ?? '').split('|').includes(wanted))
        );
      },
      genre,
      { timeout: 60_000 },
    );
    const cards = await ui.page
      .getByTestId('recommendation')
      .evaluateAll((els) => els.map((el) => (el.getAttribute('data-genres') ?? '').split('|')));
    process.stderr.write(
      `[browser tests] genre filter ${genre}: ${cards.length} films, ` +
        `${(share * 100).toFixed(0)}% of recommendable films have it\n`,
    );
    expect(cards).toHaveLength(10);
    for (const genres of cards) expect(genres).toContain(genre);
    expect(await shownIds()).not.toContain(dismissed);
    await ui.page.getByTestId('recommendations').scrollIntoViewIfNeeded();
    await screenshot(ui.page, 'controls-3-genre-filter');

    await ui.page.getByTestId('clear-filters-button').click();
    // The list on screen is already "ready" when the click lands: wait for the cleared filter.
    await ui.page.waitForFunction(
      () =>
        document.querySelector<HTMLSelectElement>('[data-testid="genre-filter"]')?.value === '' &&
        document.querySelector('[data-testid="recommendations"]')?.getAttribute('data-state') ===
          'ready',
      undefined,
      { timeout: 60_000 },
    );
    expect(await ui.page.getByLabel('Genre', { exact: true }).inputValue()).toBe('');
  });

  it('had no page errors and no 5xx responses', () => {
    expect(ui.errors).toEqual([]);
  });
});
