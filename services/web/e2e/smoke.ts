/**
 * Browser smoke test of the whole flow against a running web + gateway:
 *   BASE_URL=http://127.0.0.1:3000 npx tsx services/web/e2e/smoke.ts
 * Rates five films (pointer and keyboard), skips one, asks for recommendations (waiting out
 * "model still training" answers) and checks they leave out rated and skipped films and name
 * the model version. Screenshots go to SHOTS_DIR (default /tmp/web-shots).
 * Env: CHROMIUM_PATH (default /usr/bin/chromium), RECOMMENDATIONS_TIMEOUT_MS (default 180000).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Locator, type Page } from 'playwright-core';

const baseUrl = process.env.BASE_URL ?? 'http://127.0.0.1:3000';
const shotsDir = process.env.SHOTS_DIR ?? '/tmp/web-shots';
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const recommendationsTimeoutMs = Number(process.env.RECOMMENDATIONS_TIMEOUT_MS ?? 180_000);
const RATINGS = ['4', '3.5', '5', '2', '4.5'];

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(`Check failed: ${message}`);
}

function step(message: string): void {
  process.stderr.write(`smoke: ${message}\n`);
}

/** Lets entry animations and smooth scrolling finish before a screenshot. */
async function settle(page: Page): Promise<void> {
  await page.waitForTimeout(500);
}

async function movieId(card: Locator): Promise<number> {
  return Number(await card.getAttribute('data-movie-id'));
}

async function counterText(page: Page): Promise<string> {
  return (await page.getByTestId('rating-counter').textContent()) ?? '';
}

async function rateFilms(page: Page): Promise<Set<number>> {
  const rated = new Set<number>();
  const startCount = Number(
    await page.getByTestId('rating-counter').getAttribute('data-rated-count'),
  );
  const unrated = page.locator('[data-testid="movie-card"][data-rated="false"]');
  for (const [index, rating] of RATINGS.entries()) {
    // Re-locate by id: once rated, the card no longer matches the "unrated" locator.
    const id = await movieId(unrated.first());
    const card = page.locator(`[data-testid="movie-card"][data-movie-id="${id}"]`);
    await card.locator(`[role="radio"][data-value="${rating}"]`).click();
    await card.getByTestId('rating-saved').waitFor();
    check(
      (await card.getByTestId('star-rating').getAttribute('data-value')) === rating,
      `film ${id} shows ${rating} stars after the click`,
    );
    if (index === 0) {
      // Keyboard: the checked radio has focus after the click; ArrowLeft takes half a star off.
      await page.keyboard.press('ArrowLeft');
      await card.locator('[data-testid="star-rating"][data-value="3.5"]').waitFor();
      await card.getByTestId('rating-saved').waitFor();
    }
    rated.add(id);
    step(`rated film ${id}; counter: "${await counterText(page)}"`);
    if (startCount + rated.size < 5) {
      const remaining = 5 - startCount - rated.size;
      check(
        (await counterText(page)).includes(`Rate ${remaining} more`),
        `counter asks for ${remaining} more`,
      );
    }
  }
  return rated;
}

async function skipFilm(page: Page): Promise<number> {
  const cards = page.getByTestId('movie-card');
  const before = await cards.count();
  const card = page.locator('[data-testid="movie-card"][data-rated="false"]').first();
  const skippedId = await movieId(card);
  const idsBefore = new Set(
    await cards.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-movie-id')))),
  );
  await card.getByTestId('skip-button').click();
  await page.locator(`[data-testid="movie-card"][data-movie-id="${skippedId}"]`).waitFor({
    state: 'detached',
  });
  const idsAfter = await cards.evaluateAll((els) =>
    els.map((el) => Number(el.getAttribute('data-movie-id'))),
  );
  const added = idsAfter.filter((id) => !idsBefore.has(id));
  check(idsAfter.length === before, `the grid still shows ${before} films after a skip`);
  check(added.length === 1, 'a new film replaced the skipped one');
  step(`skipped film ${skippedId}; film ${added[0]} took its place`);
  return skippedId;
}

async function checkRecommendations(page: Page, excluded: Set<number>): Promise<void> {
  const items = page.getByTestId('recommendation');
  await items.first().waitFor({ timeout: recommendationsTimeoutMs });
  const ids = await items.evaluateAll((els) =>
    els.map((el) => Number(el.getAttribute('data-movie-id'))),
  );
  check(ids.length > 0, 'at least one recommendation');
  const leaked = ids.filter((id) => excluded.has(id));
  check(leaked.length === 0, `recommendations leave out rated/skipped films (got ${leaked})`);
  const version = (await page.getByTestId('model-version').textContent()) ?? '';
  check(/^model v\d+$/.test(version.trim()), `model version shown (got "${version}")`);
  const predicted = (await page.getByTestId('predicted-rating').first().textContent()) ?? '';
  check(/^Predicted \d\.\d/.test(predicted.trim()), `predicted rating shown (got "${predicted}")`);
  step(`${ids.length} recommendations from ${version.trim()}`);
}

async function main(): Promise<void> {
  mkdirSync(shotsDir, { recursive: true });
  const browser = await chromium.launch({
    executablePath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => step(`page error: ${err.message}`));
    page.setDefaultTimeout(15_000);

    step(`opening ${baseUrl}`);
    await page.goto(baseUrl);
    await page.getByTestId('movie-card').first().waitFor();
    check((await page.getByTestId('movie-card').count()) > 5, 'the grid shows films');
    await settle(page);
    await page.screenshot({ path: join(shotsDir, 'smoke-1-grid.png') });

    const rated = await rateFilms(page);
    await page.getByTestId('get-recommendations-button').waitFor();
    const skipped = await skipFilm(page);
    await settle(page);
    await page.screenshot({ path: join(shotsDir, 'smoke-2-rated.png') });

    step('asking for recommendations');
    await page.getByTestId('get-recommendations-button').click();
    await checkRecommendations(page, new Set([...rated, skipped]));
    await settle(page);
    await page.getByTestId('recommendations').screenshot({
      path: join(shotsDir, 'smoke-3-recommendations.png'),
    });

    step('refreshing recommendations');
    await page.getByTestId('refresh-recommendations-button').click();
    await checkRecommendations(page, new Set([...rated, skipped]));

    step('reloading: the counter remembers the ratings');
    await page.reload();
    await page.getByTestId('get-recommendations-button').waitFor();

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const phonePage = await phone.newPage();
    await phonePage.goto(baseUrl);
    await phonePage.getByTestId('movie-card').first().waitFor();
    await settle(phonePage);
    await phonePage.screenshot({ path: join(shotsDir, 'smoke-4-phone.png') });
    step(`passed; screenshots in ${shotsDir}`);
  } finally {
    await browser.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`smoke: FAILED: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
