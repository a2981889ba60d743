import type { RatingsListResponse } from '@marquee/contracts';
import { generateSyntheticMovieLens } from '@marquee/movielens';
import type { Locator } from 'playwright-core';
import { navLink, screenshot, useBrowserSession, withPhonePage } from './support/browser';
import { E2E, webUrl } from './support/e2e-env';

const FIRST_RATINGS = ['4', '3.5', '5', '2', '4.5'];

const ui = useBrowserSession();

const card = (id: number) => ui.page.locator(`[data-testid="movie-card"][data-movie-id="${id}"]`);
const unrated = () => ui.page.locator('[data-testid="movie-card"][data-rated="false"]');

async function idOf(item: Locator): Promise<number> {
  return Number(await item.getAttribute('data-movie-id'));
}

/** The ratings the gateway holds for this browser's anonymous user (same cookies). */
async function savedRatings(): Promise<Map<number, number>> {
  const res = await ui.context.request.get(`${webUrl}/api/ratings`);
  expect(res.status()).toBe(200);
  const body = (await res.json()) as RatingsListResponse;
  return new Map(body.ratings.map((r) => [r.movie.id, r.rating]));
}

/** Polls the API until `check` holds: a save finishes a moment after the UI shows it. */
async function untilSaved(check: (ratings: Map<number, number>) => boolean): Promise<void> {
  const giveUpAt = Date.now() + 10_000;
  let last = await savedRatings();
  while (!check(last)) {
    if (Date.now() > giveUpAt) throw new Error(`ratings not saved: ${JSON.stringify([...last])}`);
    await ui.page.waitForTimeout(100);
    last = await savedRatings();
  }
}

/** Clicks a star value inside `scope` and waits for the saved state. */
async function rate(scope: Locator, value: string): Promise<void> {
  await scope.locator(`[role="radio"][data-value="${value}"]`).click();
  await scope.locator(`[data-testid="star-rating"][data-value="${value}"]`).waitFor();
  await scope.getByTestId('rating-saved').waitFor();
}

describe('rating films and getting recommendations', () => {
  const rated = new Map<number, number>();
  let skipped: number;

  it('shows a grid of films with posters or designed placeholders', async () => {
    await ui.page.goto(webUrl);
    await ui.page.getByTestId('movie-card').first().waitFor();
    expect(await ui.page.getByTestId('movie-card').count()).toBeGreaterThanOrEqual(6);
    const counter = ui.page.getByTestId('rating-counter');
    expect(await counter.textContent()).toMatch(/Rate 5 more films/);
    await screenshot(ui.page, 'user-1-grid');
  });

  it('rates five films with stars, counting down to recommendations', async () => {
    for (const [index, value] of FIRST_RATINGS.entries()) {
      const id = await idOf(unrated().first());
      await rate(card(id), value);
      rated.set(id, Number(value));
      const left = FIRST_RATINGS.length - index - 1;
      const counter = ui.page.getByTestId('rating-counter');
      if (left > 0) {
        await ui.page.waitForFunction(
          ([text]) =>
            document.querySelector('[data-testid="rating-counter"]')?.textContent?.includes(text!),
          [`Rate ${left} more`],
        );
      } else {
        await ui.page.getByTestId('get-recommendations-button').waitFor();
      }
      expect(await counter.getAttribute('data-rated-count')).toBe(String(index + 1));
    }
    await untilSaved((saved) => [...rated].every(([id, value]) => saved.get(id) === value));
  });

  it('replaces a skipped film with another one, without reloading the grid', async () => {
    const cards = ui.page.getByTestId('movie-card');
    const before = await cards.count();
    const idsBefore = new Set(
      await cards.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-movie-id')))),
    );
    const target = unrated().first();
    skipped = await idOf(target);
    await target.getByTestId('skip-button').click();
    await card(skipped).waitFor({ state: 'detached' });
    const idsAfter = await cards.evaluateAll((els) =>
      els.map((el) => Number(el.getAttribute('data-movie-id'))),
    );
    expect(idsAfter).toHaveLength(before);
    expect(idsAfter.filter((id) => !idsBefore.has(id))).toHaveLength(1);
    // The films already rated kept their place and their stars.
    for (const [id, value] of rated) {
      expect(await card(id).getByTestId('star-rating').getAttribute('data-value')).toBe(
        String(value),
      );
    }
    await screenshot(ui.page, 'user-2-rated-and-skipped');
  });

  it('recommends films that leave out the rated and skipped ones', async () => {
    await ui.page.getByTestId('get-recommendations-button').click();
    const items = ui.page.getByTestId('recommendation');
    await items.first().waitFor({ timeout: 120_000 });
    const ids = await items.evaluateAll((els) =>
      els.map((el) => Number(el.getAttribute('data-movie-id'))),
    );
    expect(ids.length).toBeGreaterThan(0);
    const excluded = new Set([...rated.keys(), skipped]);
    expect(ids.filter((id) => excluded.has(id))).toEqual([]);
    expect(await ui.page.getByTestId('model-version').first().textContent()).toMatch(/v\d+/);
    expect(await ui.page.getByTestId('predicted-rating').first().textContent()).toMatch(/\d\.\d/);
    // This user liked films (4 stars or more), so every card gives a reason: one of those
    // films, or "Popular with people who rate like you"; never a film rated lower.
    const reasons = await items.evaluateAll((els) =>
      els.map((el) => {
        const line = el.querySelector('[data-testid="recommendation-reason"]');
        return {
          kind: line?.getAttribute('data-reason-kind') ?? null,
          cited: Number(line?.getAttribute('data-cited-movie-id')),
        };
      }),
    );
    for (const reason of reasons) {
      expect(['rated', 'taste']).toContain(reason.kind);
      if (reason.kind === 'rated') expect(rated.get(reason.cited)).toBeGreaterThanOrEqual(4);
    }
    await ui.page.getByTestId('recommendations').scrollIntoViewIfNeeded();
    await screenshot(ui.page, 'user-3-recommendations');
  });

  it('changes a rating', async () => {
    await navLink(ui.page, 'Rate films').click();
    const [id] = [...rated.keys()];
    await rate(card(id!), '2.5');
    rated.set(id!, 2.5);
    await untilSaved((saved) => saved.get(id!) === 2.5);
  });

  it('finds a film by title and rates it', async () => {
    // A film whose title no other film shares, so the search must find exactly that one.
    const { movies } = generateSyntheticMovieLens(E2E.data);
    const titleCounts = new Map<string, number>();
    for (const m of movies) titleCounts.set(m.title, (titleCounts.get(m.title) ?? 0) + 1);
    const shown = new Set(
      await ui.page
        .locator('[data-movie-id]')
        .evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-movie-id')))),
    );
    const wanted = movies.find(
      (m) => titleCounts.get(m.title) === 1 && !shown.has(m.movieId) && m.movieId !== skipped,
    )!;
    expect(wanted).toBeDefined();

    await navLink(ui.page, 'Search').click();
    await ui.page.getByRole('searchbox', { name: 'Title' }).fill(wanted.title);
    const result = ui.page.locator(
      `[data-testid="search-result"][data-movie-id="${wanted.movieId}"]`,
    );
    await result.waitFor();
    await screenshot(ui.page, 'user-4-search');
    await rate(result, '4.5');
    rated.set(wanted.movieId, 4.5);
    await untilSaved((saved) => saved.get(wanted.movieId) === 4.5);
  });

  it('lists every rating under "My ratings", with the changed value', async () => {
    await navLink(ui.page, /My ratings/).click();
    const rows = ui.page.getByTestId('my-rating');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(rated.size);
    for (const [id, value] of rated) {
      const row = ui.page.locator(`[data-testid="my-rating"][data-movie-id="${id}"]`);
      expect(await row.getByTestId('star-rating').getAttribute('data-value')).toBe(String(value));
    }
    await screenshot(ui.page, 'user-5-my-ratings');
  });

  it('starts over with a fresh anonymous profile', async () => {
    await ui.page.getByTestId('reset-button').click();
    await ui.page.getByTestId('confirm-reset-button').click();
    await ui.page.waitForFunction(() =>
      document
        .querySelector('[data-testid="rating-counter"]')
        ?.textContent?.includes('Rate 5 more'),
    );
    expect(await savedRatings()).toEqual(new Map());
    expect(await ui.page.locator('[data-testid="movie-card"][data-rated="true"]').count()).toBe(0);
    await screenshot(ui.page, 'user-6-after-reset');
  });

  it('looks right on a phone', async () => {
    await withPhonePage(ui.browser, async (small) => {
      await small.goto(webUrl);
      await small.getByTestId('movie-card').first().waitFor();
      await screenshot(small, 'user-7-phone');
    });
  });

  it('had no page errors and no 5xx responses', () => {
    expect(ui.errors).toEqual([]);
  });
});
