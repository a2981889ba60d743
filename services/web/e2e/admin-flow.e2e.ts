import type { ModelsResponse } from '@marquee/contracts';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, screenshot, watchForErrors } from './support/browser';
import { E2E, webUrl } from './support/e2e-env';

const RETRAIN_EPOCHS = 4;

let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

beforeAll(async () => {
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  errors = watchForErrors(page);
});

afterAll(async () => {
  await browser?.close();
});

async function models(): Promise<ModelsResponse> {
  const res = await context.request.get(`${webUrl}/api/models`);
  expect(res.status()).toBe(200);
  return (await res.json()) as ModelsResponse;
}

const activeVersion = async () => (await models()).versions.find((v) => v.active)?.version;
const progressbar = () => page.getByRole('progressbar', { name: 'Training progress' });
const versionRow = (version: number) =>
  page.locator(`[data-testid="model-version-row"][data-version="${version}"]`);

describe('the model console (/admin)', () => {
  let firstVersion: number;

  it('refuses a wrong token with a clear message', async () => {
    await page.goto(`${webUrl}/admin`);
    await expect(page.getByRole('heading', { name: 'Model console' }).isVisible()).resolves.toBe(
      true,
    );
    await screenshot(page, 'admin-1-sign-in');
    await page.getByLabel('Admin token').fill('not-the-admin-token-0000');
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByRole('alert').filter({ hasText: 'That admin token is not valid' }).waitFor();
    expect(await page.getByLabel('Admin token').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'admin-2-wrong-token');
  });

  it('opens with the token: the versions, the active one, and a live event stream', async () => {
    await page.getByLabel('Admin token').fill(E2E.adminToken);
    await page.getByRole('button', { name: 'Open the console' }).click();
    await page.getByRole('heading', { name: 'Model versions' }).waitFor();
    const active = await activeVersion();
    expect(active).toBeDefined();
    firstVersion = active!;
    const row = versionRow(firstVersion);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('ACTIVE');
    expect(await row.textContent()).toMatch(/Active.*\d\.\d{4}.*ratings/);
    await page.locator('[data-testid="stream-status"][data-status="live"]').waitFor();
  });

  it('starts a retrain and shows it live up to 100% and a new active version', async () => {
    // Marks this document: if the page reloaded, the mark would be gone.
    await page.evaluate(() => {
      (window as unknown as { e2eMark: boolean }).e2eMark = true;
    });
    const chartPoints = page.locator(
      '[data-testid="training-chart"] [data-series="valRmse"] circle',
    );

    // Records every value the progress bar shows, as the page renders it.
    await page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { e2eProgress: number[] }).e2eProgress = seen;
      const bar = document.querySelector('[role="progressbar"][aria-label="Training progress"]')!;
      new MutationObserver(() => seen.push(Number(bar.getAttribute('aria-valuenow')))).observe(
        bar,
        { attributes: true, attributeFilter: ['aria-valuenow'] },
      );
    });

    await page.getByLabel('Epochs (optional)').fill(String(RETRAIN_EPOCHS));
    await page.getByRole('button', { name: 'Start retrain' }).click();
    await page
      .locator('[data-testid="training-chart"] circle')
      .first()
      .waitFor({ timeout: 120_000 });
    await screenshot(page, 'admin-3-training-live');

    const outcome = page.getByTestId('training-outcome');
    await outcome.waitFor({ timeout: 180_000 });
    const seen = await page.evaluate(
      () => (window as unknown as { e2eProgress: number[] }).e2eProgress,
    );
    // It moved through the epochs (not straight from 0 to 100), never backwards, up to 100.
    expect(seen.some((v) => v > 0 && v < 100)).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(100);
    expect(await progressbar().getAttribute('aria-valuenow')).toBe('100');

    const newVersion = await activeVersion();
    expect(newVersion).toBeGreaterThan(firstVersion);
    expect(await outcome.textContent()).toMatch(
      new RegExp(
        `Version ${newVersion} is ready: validation RMSE \\d\\.\\d{4}\\. It is now the active version`,
      ),
    );
    // Every epoch the trainer ran is on the chart (it may stop early, never later).
    const points = await chartPoints.count();
    expect(points).toBeGreaterThanOrEqual(1);
    expect(points).toBeLessThanOrEqual(RETRAIN_EPOCHS);
    expect(await progressbar().getAttribute('aria-valuetext')).toMatch(/^100%: Done/);

    // The table follows without a reload: the new version is the active one.
    await page
      .locator(
        `[data-testid="model-version-row"][data-version="${newVersion}"][data-status="ACTIVE"]`,
      )
      .waitFor();
    expect(await versionRow(firstVersion).getAttribute('data-status')).toBe('READY');
    expect(await page.evaluate(() => (window as unknown as { e2eMark?: boolean }).e2eMark)).toBe(
      true,
    );
    await screenshot(page, 'admin-4-retrained');
  });

  it('rolls back by activating the previous version', async () => {
    await page.getByRole('button', { name: `Activate version ${firstVersion}` }).click();
    const status = page.getByRole('status').filter({ hasText: 'is now active' });
    await status.waitFor();
    expect(await status.textContent()).toMatch(`Version ${firstVersion} is now active`);
    expect(await activeVersion()).toBe(firstVersion);
    await page
      .locator(
        `[data-testid="model-version-row"][data-version="${firstVersion}"][data-status="ACTIVE"]`,
      )
      .getByText('Serving')
      .waitFor();
    await screenshot(page, 'admin-5-rolled-back');
  });

  it('looks right on a phone', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const small = await phone.newPage();
      await small.goto(`${webUrl}/admin`);
      await small.getByLabel('Admin token').fill(E2E.adminToken);
      await small.getByRole('button', { name: 'Open the console' }).click();
      await small.getByRole('heading', { name: 'Model versions' }).waitFor();
      await small.locator('[data-testid="model-version-row"]').first().waitFor();
      await screenshot(small, 'admin-6-phone');
    } finally {
      await phone.close();
    }
  });

  it('had no page errors and no 5xx responses', () => {
    expect(errors).toEqual([]);
  });
});
