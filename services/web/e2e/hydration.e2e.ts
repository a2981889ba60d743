import { generateSyntheticMovieLens } from '@marquee/movielens';
import { useBrowserSession } from './support/browser';
import { E2E, webUrl } from './support/e2e-env';

const ui = useBrowserSession();

/**
 * A view and the layout around it read the same queries (ratings, watchlist). If they hydrated
 * separately, the layout's answers could reach the cache before the view hydrates, and the view
 * would render differently from the server's HTML (React error #418). A slow CPU widens that
 * window, so the pages are loaded with Chromium's CPU throttled.
 */
describe('pages loaded on a slow CPU', () => {
  it('hydrate without errors while their data arrives', async () => {
    const movies = [...new Set(generateSyntheticMovieLens(E2E.data).ratings.map((r) => r.movieId))];
    await ui.page.goto(webUrl);
    for (const movieId of movies.slice(0, 5)) {
      const rated = await ui.context.request.put(`${webUrl}/api/ratings/${movieId}`, {
        data: { rating: 4 },
      });
      expect(rated.status()).toBe(200);
    }
    for (const movieId of movies.slice(5, 8)) {
      const saved = await ui.context.request.put(`${webUrl}/api/watchlist/${movieId}`);
      expect(saved.ok()).toBe(true);
    }
    const cdp = await ui.context.newCDPSession(ui.page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 8 });
    try {
      for (let round = 0; round < 3; round++) {
        for (const path of ['/watchlist', '/', '/ratings']) {
          await ui.page.goto(`${webUrl}${path}`);
          await ui.page.waitForLoadState('networkidle');
        }
      }
    } finally {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    }
    expect(ui.errors).toEqual([]);
  });
});
