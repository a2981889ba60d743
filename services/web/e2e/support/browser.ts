import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type Locator, type Page, chromium } from 'playwright-core';
import { E2E } from './e2e-env';

/**
 * Debian's Chromium through playwright-core. Playwright adds --headless itself and gives every
 * launch a fresh temporary user-data dir (deleted on close), so no profile leaks between runs.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: E2E.chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
      '--disable-sync',
    ],
  });
}

/** Uncaught errors and failed requests of a page, to assert there were none. */
export function watchForErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
  page.on('response', (res) => {
    if (res.status() >= 500) errors.push(`${res.status()} from ${res.url()}`);
  });
  return errors;
}

/** Saves a screenshot of the page (or of one part) as artifacts/screenshots/<name>.png. */
export async function screenshot(target: Page | Locator, name: string): Promise<void> {
  mkdirSync(E2E.screenshotsDir, { recursive: true });
  const page = 'page' in target ? target.page() : target;
  // Let entry transitions finish so the picture shows the settled screen.
  await page.waitForTimeout(400);
  await target.screenshot({
    path: path.join(E2E.screenshotsDir, `${name}.png`),
    ...('page' in target ? {} : { fullPage: true }),
  });
}
