import type {
  MovieSampleResponse,
  RatingsListResponse,
  RecommendationsResponse,
} from '@marquee/contracts';
import type { Locator, Request, Route } from 'playwright-core';
import { navLink, screenshot, useBrowserSession } from './support/browser';
import { webUrl } from './support/e2e-env';

/**
 * The page keeps the user's work through an outage: ratings and skips clicked while the gateway
 * cannot be reached (the request aborted, as with no network) or answers 503 are kept in the
 * page and in localStorage, shown as waiting, and sent once, in order, when it answers again.
 */
const ui = useBrowserSession();

const RATINGS_ROUTE = '**/api/ratings/**';
const SKIPS_ROUTE = '**/api/skips';
const STORAGE_KEY = 'marquee:pending-writes:v1';
/** The longest wait between two automatic retries (30 s), and some slack. */
const RETRY_WAIT_MS = 40_000;

const card = (id: number) => ui.page.locator(`[data-testid="movie-card"][data-movie-id="${id}"]`);
const unrated = () => ui.page.locator('[data-testid="movie-card"][data-rated="false"]');
const status = () => ui.page.getByTestId('pending-writes');

async function idOf(item: Locator): Promise<number> {
  return Number(await item.getAttribute('data-movie-id'));
}

/** Clicks a star value inside `scope` and waits until it shows. */
async function clickStars(scope: Locator, value: number): Promise<void> {
  await scope.locator(`[role="radio"][data-value="${value}"]`).click();
  await scope.locator(`[data-testid="star-rating"][data-value="${value}"]`).waitFor();
}

/** The ratings the gateway holds for this browser's anonymous user (same cookies, no routes). */
async function savedRatings(): Promise<Map<number, number>> {
  const res = await ui.context.request.get(`${webUrl}/api/ratings`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as RatingsListResponse;
  return new Map(body.ratings.map((r) => [r.movie.id, r.rating]));
}

/** The writes kept in localStorage, as [kind, film id, rating]. */
async function storedWrites(): Promise<[string, number, number | null][]> {
  const text = await ui.page.evaluate((key) => localStorage.getItem(key), STORAGE_KEY);
  if (text === null) return [];
  const list = JSON.parse(text) as {
    entries: { write: { kind: string; movie: { id: number }; rating?: number } }[];
  };
  return list.entries.map(({ write }) => [write.kind, write.movie.id, write.rating ?? null]);
}

/** Every rating PUT the gateway answered with success, in order: [film id, rating]. */
const landed: [number, number][] = [];
/** Rating requests that never reached the gateway (aborted) or were refused by a route. */
let blocked = 0;

function recordLandings(): void {
  ui.page.on('response', (res) => {
    const req: Request = res.request();
    const match = /\/api\/ratings\/(\d+)$/.exec(new URL(req.url()).pathname);
    if (!match || req.method() !== 'PUT' || !res.ok()) return;
    const { rating } = req.postDataJSON() as { rating: number };
    landed.push([Number(match[1]), rating]);
  });
}

const abort = (route: Route) => {
  blocked += 1;
  return route.abort('internetdisconnected');
};

describe('ratings and skips made while the gateway is unreachable', () => {
  let first: number; // rated 4, then 2.5 while waiting
  let second: number; // rated 3.5 in between

  beforeAll(async () => {
    recordLandings();
    await ui.page.goto(webUrl);
    await ui.page.getByTestId('movie-card').first().waitFor();
  });

  afterAll(async () => {
    await ui.page.unrouteAll({ behavior: 'ignoreErrors' });
  });

  it('keeps ratings clicked with no connection to the gateway, shown as waiting', async () => {
    await ui.page.route(RATINGS_ROUTE, abort);
    first = await idOf(unrated().first());
    await clickStars(card(first), 4);
    await card(first).getByTestId('rating-pending').waitFor();
    second = await idOf(unrated().first());
    await clickStars(card(second), 3.5);
    // A later click on the same film replaces the one still waiting.
    await clickStars(card(first), 2.5);
    await card(first).getByTestId('rating-pending').waitFor();
    await card(second).getByTestId('rating-pending').waitFor();

    await ui.page.getByTestId('pending-writes-waiting').waitFor();
    expect(await status().getByTestId('pending-writes-waiting').textContent()).toContain(
      '2 ratings waiting to be saved — will retry',
    );
    // Calm: no error anywhere on the page (Next.js's route announcer, an empty alert, aside).
    expect(
      await ui.page
        .locator('main [role="alert"], [data-testid="pending-writes"] [role="alert"]')
        .count(),
    ).toBe(0);
    expect(await ui.page.getByTestId('rating-counter').getAttribute('data-rated-count')).toBe('2');
    expect(await storedWrites()).toEqual([
      ['rate', second, 3.5],
      ['rate', first, 2.5],
    ]);
    expect(blocked).toBeGreaterThan(0);
    expect(landed).toEqual([]);
    expect(await savedRatings()).toEqual(new Map());
    await screenshot(ui.page, 'pending-1-waiting');
  });

  it('still has them after a reload, from localStorage', async () => {
    await ui.page.reload();
    await ui.page.getByTestId('movie-card').first().waitFor();
    // The waiting films come first in the grid, with their stars, marked as waiting.
    for (const [id, value] of [
      [first, 2.5],
      [second, 3.5],
    ] as const) {
      await card(id).getByTestId('rating-pending').waitFor();
      expect(await card(id).getByTestId('star-rating').getAttribute('data-value')).toBe(
        String(value),
      );
    }
    await ui.page.getByTestId('pending-writes-waiting').waitFor();
    expect(await storedWrites()).toHaveLength(2);
    expect(landed).toEqual([]);
    expect(await savedRatings()).toEqual(new Map());
  });

  it('lists them under "My ratings" as waiting', async () => {
    await navLink(ui.page, /My ratings/).click();
    for (const id of [first, second]) {
      const row = ui.page.locator(`[data-testid="my-rating"][data-movie-id="${id}"]`);
      await row.getByTestId('rating-pending').waitFor();
    }
  });

  it('sends them by itself once the gateway answers again: in order, each once', async () => {
    await navLink(ui.page, 'Rate films').click();
    await ui.page.unroute(RATINGS_ROUTE);
    await card(first).getByTestId('rating-saved').waitFor({ timeout: RETRY_WAIT_MS });
    await card(second).getByTestId('rating-saved').waitFor();
    await ui.page.getByTestId('pending-writes-caught-up').waitFor();
    expect(landed).toEqual([
      [second, 3.5],
      [first, 2.5],
    ]);
    expect(await savedRatings()).toEqual(
      new Map([
        [first, 2.5],
        [second, 3.5],
      ]),
    );
    expect(await storedWrites()).toEqual([]);
    // Nothing is sent again after it landed.
    await ui.page.waitForTimeout(3_000);
    expect(landed).toHaveLength(2);
  });

  it('retries at once when the browser comes back online, ahead of a long Retry-After', async () => {
    await ui.page.route(RATINGS_ROUTE, (route) => {
      blocked += 1;
      return route.fulfill({
        status: 503,
        contentType: 'application/json',
        headers: { 'retry-after': '30' },
        body: JSON.stringify({
          statusCode: 503,
          error: 'Service Unavailable',
          code: 'DATABASE_UNAVAILABLE',
          message: 'The database is not answering. Please try again in a moment.',
        }),
      });
    });
    const third = await idOf(unrated().first());
    await clickStars(card(third), 5);
    await card(third).getByTestId('rating-pending').waitFor();
    const retryAt = Number(await status().getAttribute('data-retry-at'));
    expect(retryAt - Date.now()).toBeGreaterThan(20_000); // the server's Retry-After

    await ui.page.unroute(RATINGS_ROUTE);
    await ui.context.setOffline(true);
    await ui.page.getByText(/You are offline/).waitFor();
    await ui.context.setOffline(false); // the page hears `online` and tries at once
    // A first try may still meet the emulated network coming back and take a short backoff
    // (2 s, then 4 s); what matters is that it lands well before the 30 s Retry-After.
    await card(third).getByTestId('rating-saved').waitFor({ timeout: 20_000 });
    expect(Date.now()).toBeLessThan(retryAt);
    expect(landed.at(-1)).toEqual([third, 5]);
    expect((await savedRatings()).get(third)).toBe(5);
  });

  it('shows a rating the gateway refuses as not saved, with its message, and does not retry it', async () => {
    let refusals = 0;
    await ui.page.route(RATINGS_ROUTE, (route) => {
      refusals += 1;
      return route.fulfill({
        status: 404,
        contentType: 'application/json',
        body: JSON.stringify({
          statusCode: 404,
          error: 'Not Found',
          code: 'MOVIE_NOT_FOUND',
          message: 'There is no film with this id',
        }),
      });
    });
    const refused = await idOf(unrated().first());
    await clickStars(card(refused), 3);
    const error = card(refused).getByTestId('rating-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('There is no film with this id');
    expect(await status().getByTestId('pending-writes-failed').textContent()).toContain(
      'There is no film with this id',
    );
    await ui.page.waitForTimeout(4_000);
    expect(refusals).toBe(1);
    await ui.page.unroute(RATINGS_ROUTE);
    await status().getByRole('button', { name: 'Dismiss' }).click();
    await status().getByTestId('pending-writes-failed').waitFor({ state: 'detached' });
  });

  it('keeps a skip made with no connection, and sends it when the gateway is back', async () => {
    await ui.page.route(SKIPS_ROUTE, abort);
    const cards = ui.page.getByTestId('movie-card');
    const before = await cards.count();
    const skipped = await idOf(unrated().first());
    await card(skipped).getByTestId('skip-button').click();
    // Hidden as if skipped, and counted as waiting.
    await card(skipped).waitFor({ state: 'detached' });
    await status().getByText('1 skip waiting to be saved — will retry').waitFor();

    await ui.page.unroute(SKIPS_ROUTE);
    await status().getByTestId('pending-writes-retry-now').click();
    await ui.page.getByTestId('pending-writes-caught-up').waitFor();
    await ui.page.waitForFunction(
      (n) => document.querySelectorAll('[data-testid="movie-card"]').length === n,
      before,
    );
    expect(await card(skipped).count()).toBe(0);
  });

  it('says calmly where recommendations come from when the recommender cannot answer', async () => {
    // Two more ratings make the five that recommendations need.
    for (const value of [4, 4.5]) {
      const id = await idOf(unrated().first());
      await clickStars(card(id), value);
      await card(id).getByTestId('rating-saved').waitFor();
    }
    // The gateway's fallback answers, as it sends them when no recommender answers in time.
    const sample = await ui.context.request.get(`${webUrl}/api/movies/sample?count=4`);
    const { movies } = (await sample.json()) as MovieSampleResponse;
    const items = movies.map((movie) => ({ movie, predictedRating: 4.2, reason: null }));
    const at = new Date();
    let answer: RecommendationsResponse = {
      modelVersion: 1,
      replica: null,
      source: { kind: 'last', at: at.toISOString(), popular: 0 },
      items,
    };
    await ui.page.route('**/api/recommendations**', (route) => route.fulfill({ json: answer }));

    await ui.page.getByTestId('get-recommendations-button').click();
    const note = ui.page.getByTestId('recommendations-source');
    await note.waitFor();
    const hhmm = `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
    expect(await note.textContent()).toBe(
      `Showing your last recommendations (from ${hhmm}) — the recommender is busy`,
    );
    expect(await ui.page.getByTestId('recommendation').count()).toBe(items.length);
    await ui.page.getByTestId('recommendations').scrollIntoViewIfNeeded();
    await screenshot(ui.page.getByTestId('recommendations'), 'pending-2-last-recommendations');

    answer = { modelVersion: null, replica: null, source: { kind: 'popular' }, items };
    await ui.page.getByTestId('refresh-recommendations-button').click();
    await ui.page.locator('[data-testid="recommendations"][data-source="popular"]').waitFor();
    expect(await note.textContent()).toBe(
      'Showing popular films while the recommender is unavailable',
    );
    expect(await ui.page.getByTestId('model-version').count()).toBe(0);
    expect(await ui.page.getByTestId('predicted-rating').count()).toBe(0);
    expect(await ui.page.getByTestId('average-rating').count()).toBe(items.length);
    await screenshot(ui.page.getByTestId('recommendations'), 'pending-3-popular-recommendations');
    await ui.page.unroute('**/api/recommendations**');

    // From the model again: no note.
    await ui.page.getByTestId('refresh-recommendations-button').click();
    await ui.page
      .locator('[data-testid="recommendations"][data-source="model"]')
      .waitFor({ timeout: 60_000 });
    expect(await note.count()).toBe(0);
    expect(await ui.page.getByTestId('model-version').textContent()).toMatch(/^model v\d+$/);
  });

  it('had no page errors, and no 5xx but the 503s the test answered', () => {
    const unexpected = ui.errors.filter((e) => !/^503 from .*\/api\/ratings\/\d+$/.test(e));
    expect(unexpected).toEqual([]);
  });
});
