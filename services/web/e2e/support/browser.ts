import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
  chromium,
} from 'playwright-core';
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

/** A flow's browser: a desktop page (1280×900) and its context, with the page's errors watched. */
export interface BrowserSession {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and 5xx responses so far (a flow ends by asserting there were none). */
  errors: string[];
}

/**
 * Registers the suite's beforeAll (launch Chromium, open the desktop page with a 20 s default
 * timeout, watch its errors) and afterAll (close the browser). The returned session is filled in
 * by beforeAll, so read its fields inside hooks and tests only.
 */
export function useBrowserSession(): BrowserSession {
  // Filled in by beforeAll below, before any test reads it.
  const session = {} as BrowserSession;
  beforeAll(async () => {
    session.browser = await launchChromium();
    session.context = await session.browser.newContext({ viewport: { width: 1280, height: 900 } });
    session.page = await session.context.newPage();
    session.page.setDefaultTimeout(20_000);
    session.errors = watchForErrors(session.page);
  });
  afterAll(async () => {
    await session.browser?.close();
  });
  return session;
}

/** Runs `use` on a fresh phone-sized page (390×844, touch) of `browser`, then closes its context. */
export async function withPhonePage(
  browser: Browser,
  use: (page: Page) => Promise<void>,
): Promise<void> {
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  try {
    await use(await phone.newPage());
  } finally {
    await phone.close();
  }
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

/** A link of the site's navigation (the header's "Sections"), by its text. */
export function navLink(page: Page, name: string | RegExp): Locator {
  return page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name });
}
