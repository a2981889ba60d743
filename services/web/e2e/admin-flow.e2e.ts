import type { ModelsResponse } from '@marquee/contracts';
import { screenshot, useBrowserSession, withPhonePage } from './support/browser';
import { E2E, webUrl } from './support/e2e-env';

const RETRAIN_EPOCHS = 4;

const ui = useBrowserSession();

async function models(): Promise<ModelsResponse> {
  const res = await ui.context.request.get(`${webUrl}/api/models`);
  expect(res.status()).toBe(200);
  return (await res.json()) as ModelsResponse;
}

const activeVersion = async () => (await models()).versions.find((v) => v.active)?.version;
const progressbar = () => ui.page.getByRole('progressbar', { name: 'Training progress' });
const versionRow = (version: number) =>
  ui.page.locator(`[data-testid="model-version-row"][data-version="${version}"]`);

describe('the model console (/admin)', () => {
  let firstVersion: number;

  it('refuses a wrong token with a clear message', async () => {
    await ui.page.goto(`${webUrl}/admin`);
    await expect(ui.page.getByRole('heading', { name: 'Model console' }).isVisible()).resolves.toBe(
      true,
    );
    await screenshot(ui.page, 'admin-1-sign-in');
    await ui.page.getByLabel('Admin token').fill('not-the-admin-token-0000');
    await ui.page.getByRole('button', { name: 'Open the console' }).click();
    await ui.page.getByRole('alert').filter({ hasText: 'That admin token is not valid' }).waitFor();
    expect(await ui.page.getByLabel('Admin token').getAttribute('aria-invalid')).toBe('true');
    await screenshot(ui.page, 'admin-2-wrong-token');
  });

  it('opens with the token: the versions, the active one, and a live event stream', async () => {
    await ui.page.getByLabel('Admin token').fill(E2E.adminToken);
    await ui.page.getByRole('button', { name: 'Open the console' }).click();
    await ui.page.getByRole('heading', { name: 'Model versions' }).waitFor();
    const active = await activeVersion();
    expect(active).toBeDefined();
    firstVersion = active!;
    const row = versionRow(firstVersion);
    await row.waitFor();
    expect(await row.getAttribute('data-status')).toBe('ACTIVE');
    expect(await row.textContent()).toMatch(/Active.*\d\.\d{4}.*ratings/);
    await ui.page.locator('[data-testid="stream-status"][data-status="live"]').waitFor();
  });

  it('starts a retrain and shows it live up to 100% and a new active version', async () => {
    // Marks this document: if the page reloaded, the mark would be gone.
    await ui.page.evaluate(() => {
      (window as unknown as { e2eMark: boolean }).e2eMark = true;
    });
    const chartPoints = ui.page.locator(
      '[data-testid="training-chart"] [data-series="valRmse"] circle',
    );

    // Records every value the progress bar shows, as the page renders it.
    await ui.page.evaluate(() => {
      const seen: number[] = [];
      (window as unknown as { e2eProgress: number[] }).e2eProgress = seen;
      const bar = document.querySelector('[role="progressbar"][aria-label="Training progress"]')!;
      new MutationObserver(() => seen.push(Number(bar.getAttribute('aria-valuenow')))).observe(
        bar,
        { attributes: true, attributeFilter: ['aria-valuenow'] },
      );
    });

    await ui.page.getByLabel('Epochs (optional)').fill(String(RETRAIN_EPOCHS));
    await ui.page.getByRole('button', { name: 'Start retrain' }).click();
    await ui.page
      .locator('[data-testid="training-chart"] circle')
      .first()
      .waitFor({ timeout: 120_000 });
    await screenshot(ui.page, 'admin-3-training-live');

    const outcome = ui.page.getByTestId('training-outcome');
    await outcome.waitFor({ timeout: 180_000 });
    const seen = await ui.page.evaluate(
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
    await ui.page
      .locator(
        `[data-testid="model-version-row"][data-version="${newVersion}"][data-status="ACTIVE"]`,
      )
      .waitFor();
    expect(await versionRow(firstVersion).getAttribute('data-status')).toBe('READY');
    expect(await ui.page.evaluate(() => (window as unknown as { e2eMark?: boolean }).e2eMark)).toBe(
      true,
    );
    await screenshot(ui.page, 'admin-4-retrained');
  });

  it('rolls back by activating the previous version', async () => {
    await ui.page.getByRole('button', { name: `Activate version ${firstVersion}` }).click();
    const status = ui.page.getByRole('status').filter({ hasText: 'is now active' });
    await status.waitFor();
    expect(await status.textContent()).toMatch(`Version ${firstVersion} is now active`);
    expect(await activeVersion()).toBe(firstVersion);
    await ui.page
      .locator(
        `[data-testid="model-version-row"][data-version="${firstVersion}"][data-status="ACTIVE"]`,
      )
      .getByText('Serving')
      .waitFor();
    await screenshot(ui.page, 'admin-5-rolled-back');
  });

  it('looks right on a phone', async () => {
    await withPhonePage(ui.browser, async (small) => {
      await small.goto(`${webUrl}/admin`);
      await small.getByLabel('Admin token').fill(E2E.adminToken);
      await small.getByRole('button', { name: 'Open the console' }).click();
      await small.getByRole('heading', { name: 'Model versions' }).waitFor();
      await small.locator('[data-testid="model-version-row"]').first().waitFor();
      await screenshot(small, 'admin-6-phone');
    });
  });

  it('had no page errors and no 5xx responses', () => {
    expect(ui.errors).toEqual([]);
  });
});
