import type {
  AccountResponse,
  RatingsListResponse,
  RecommendationsResponse,
} from '@marquee/contracts';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { screenshot, useBrowserSession, watchForErrors } from './support/browser';
import { webUrl } from './support/e2e-env';

const RATINGS = ['4', '3.5', '5', '2', '4.5'];
const USERNAME = `e2e-${Date.now().toString(36)}`;
const PASSWORD = 'a long first password';
const NEW_PASSWORD = 'a longer second password';

const ui = useBrowserSession();

async function api<T>(context: BrowserContext, path: string): Promise<T> {
  const res = await context.request.get(`${webUrl}${path}`);
  expect(res.status()).toBe(200);
  return (await res.json()) as T;
}

async function ratingsOf(context: BrowserContext): Promise<Record<number, number>> {
  const body = await api<RatingsListResponse>(context, '/api/ratings');
  return Object.fromEntries(body.ratings.map((r) => [r.movie.id, r.rating]));
}

/**
 * The whole of the user's top 30 (count=30 is every film the list is drawn from) with the
 * stars predicted for each: the same profile gets the same films and stars.
 */
async function topRecommendations(context: BrowserContext): Promise<Record<number, number>> {
  const body = await api<RecommendationsResponse>(context, '/api/recommendations?count=30');
  expect(body.source.kind).toBe('model');
  return Object.fromEntries(body.items.map((i) => [i.movie.id, i.predictedRating]));
}

async function rate(scope: Locator, value: string): Promise<void> {
  await scope.locator(`[role="radio"][data-value="${value}"]`).click();
  await scope.locator(`[data-testid="star-rating"][data-value="${value}"]`).waitFor();
  await scope.getByTestId('rating-saved').waitFor();
}

async function until(page: Page, what: string, check: () => Promise<boolean>): Promise<void> {
  const giveUpAt = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > giveUpAt) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

/** Waits until the page's status line (role="status") says `expected`; returns its text. */
async function notice(page: Page, expected: string | RegExp): Promise<string> {
  const status = page.getByTestId('account-notice');
  let text = '';
  await until(page, `the notice ${String(expected)}`, async () => {
    text = (await status.textContent()) ?? '';
    return typeof expected === 'string' ? text.includes(expected) : expected.test(text);
  });
  return text;
}

async function signIn(page: Page, password: string): Promise<void> {
  await page.goto(`${webUrl}/account`);
  const form = page.getByTestId('signin-form');
  await form.getByLabel('Username').fill(USERNAME);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
}

describe('optional accounts', () => {
  let expected: Record<number, number>;
  let recommended: Record<number, number>;
  let phone: BrowserContext;
  let phonePage: Page;
  let tablet: BrowserContext;
  let tabletErrors: string[];

  afterAll(async () => {
    await phone?.close();
    await tablet?.close();
  });

  it('rates films anonymously, then keeps them when signing up', async () => {
    await ui.page.goto(webUrl);
    expect(await ui.page.getByTestId('account-link').textContent()).toBe('Sign in');
    for (const value of RATINGS) {
      const unrated = ui.page.locator('[data-testid="movie-card"][data-rated="false"]').first();
      const id = await unrated.getAttribute('data-movie-id');
      await rate(ui.page.locator(`[data-testid="movie-card"][data-movie-id="${id}"]`), value);
    }
    await until(ui.page, 'the ratings to be saved', async () => {
      return Object.keys(await ratingsOf(ui.context)).length === RATINGS.length;
    });
    expected = await ratingsOf(ui.context);
    recommended = await topRecommendations(ui.context);

    await ui.page.getByTestId('account-link').click();
    await ui.page.waitForURL(`${webUrl}/account`);
    const form = ui.page.getByTestId('signup-form');
    // The fields say what they are to password managers.
    expect(await form.getByLabel('Username').getAttribute('autocomplete')).toBe('username');
    expect(await form.getByLabel('Password').getAttribute('autocomplete')).toBe('new-password');
    await form.getByLabel('Username').fill(USERNAME);
    await form.getByLabel('Password').fill('short');
    // The browser's own check (minlength) stops it first; the server's rule is the same.
    await form.getByLabel('Password').evaluate((el) => el.removeAttribute('minlength'));
    await form.getByRole('button', { name: 'Create account' }).click();
    const alert = form.getByRole('alert');
    expect(await alert.textContent()).toMatch(/at least 10 characters/);
    expect(await form.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Password').fill(PASSWORD);
    await form.getByRole('button', { name: 'Create account' }).click();
    await notice(ui.page, `signed in as ${USERNAME}`);
    await screenshot(ui.page, 'account-1-signed-up');
    expect(await ratingsOf(ui.context)).toEqual(expected);

    await ui.page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Rate films' })
      .click();
    await ui.page.waitForURL(`${webUrl}/`);
    await ui.page.getByTestId('account-link').filter({ hasText: USERNAME }).waitFor();
  });

  it('signs out: the browser is a new anonymous profile', async () => {
    await ui.page.goto(`${webUrl}/account`);
    await ui.page.getByTestId('signout-button').click();
    await notice(ui.page, /Signed out/);
    await ui.page.getByTestId('signin-form').waitFor();
    expect(await api<AccountResponse>(ui.context, '/api/account')).toEqual({ kind: 'anonymous' });
    expect(await ratingsOf(ui.context)).toEqual({});
  });

  it('signs in on another device: the same ratings and recommendations', async () => {
    phone = await ui.browser.newContext({ viewport: { width: 390, height: 844 } });
    phonePage = await phone.newPage();
    phonePage.setDefaultTimeout(20_000);
    const phoneErrors = watchForErrors(phonePage);

    await signIn(phonePage, 'not the password');
    const alert = phonePage.getByTestId('signin-form').getByRole('alert');
    expect(await alert.textContent()).toBe('The username or password is wrong');

    await signIn(phonePage, PASSWORD);
    await notice(phonePage, `Signed in as ${USERNAME}.`);
    expect(await ratingsOf(phone)).toEqual(expected);
    expect(await topRecommendations(phone)).toEqual(recommended);
    await screenshot(phonePage, 'account-2-signed-in-phone');
    await phonePage.goto(webUrl);
    await phonePage.getByTestId('account-link').filter({ hasText: USERNAME }).waitFor();
    expect(phoneErrors).toEqual([]);
  });

  it('changing the password signs the other devices out', async () => {
    tablet = await ui.browser.newContext();
    const tabletPage = await tablet.newPage();
    tabletPage.setDefaultTimeout(20_000);
    tabletErrors = watchForErrors(tabletPage);
    await signIn(tabletPage, PASSWORD);
    await notice(tabletPage, `Signed in as ${USERNAME}`);

    await phonePage.goto(`${webUrl}/account`);
    const form = phonePage.getByTestId('password-form');
    await form.getByLabel('Current password').fill('not the password');
    await form.getByLabel('New password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    expect(await form.getByRole('alert').textContent()).toBe('The password is wrong');
    expect(await api<AccountResponse>(tablet, '/api/account')).toMatchObject({ kind: 'account' });

    await form.getByLabel('Current password').fill(PASSWORD);
    await form.getByLabel('New password').fill(NEW_PASSWORD);
    await form.getByRole('button', { name: 'Change password' }).click();
    await notice(phonePage, /Password changed/);
    expect(await api<AccountResponse>(phone, '/api/account')).toEqual({
      kind: 'account',
      username: USERNAME,
    });
    expect(await api<AccountResponse>(tablet, '/api/account')).toEqual({ kind: 'anonymous' });
    expect(await ratingsOf(tablet)).toEqual({});
    await tabletPage.goto(`${webUrl}/account`);
    await tabletPage.getByTestId('signin-form').waitFor();
  });

  it('deletes the account after a confirmation', async () => {
    await phonePage.getByTestId('delete-account-button').click();
    const form = phonePage.getByTestId('delete-form');
    await form.getByLabel('Password').fill(NEW_PASSWORD);
    await screenshot(phonePage, 'account-3-delete-confirmation');
    await form.getByRole('button', { name: 'Delete my account' }).click();
    await notice(phonePage, /deleted/);
    await phonePage.getByTestId('signin-form').waitFor();
    expect(await api<AccountResponse>(phone, '/api/account')).toEqual({ kind: 'anonymous' });
    expect(await ratingsOf(phone)).toEqual({});

    // Gone for good: the new password no longer signs in anywhere.
    const tabletPage = tablet.pages()[0]!;
    await signIn(tabletPage, NEW_PASSWORD);
    expect(await tabletPage.getByTestId('signin-form').getByRole('alert').textContent()).toBe(
      'The username or password is wrong',
    );
    expect(tabletErrors).toEqual([]);
    expect(ui.errors).toEqual([]);
  });
});
