import type { RatingsListResponse } from '@marquee/contracts';
import { generateSyntheticMovieLens } from '@marquee/movielens';
import { navLink, screenshot, useBrowserSession } from './support/browser';
import { E2E, webUrl } from './support/e2e-env';

const ui = useBrowserSession();

/** Six films of the served catalogue with an IMDb id no other film shares, and 10-point ratings. */
function imdbExport(): { csv: string; expected: Map<number, number> } {
  const { movies } = generateSyntheticMovieLens(E2E.data);
  const seen = new Map<string, number>();
  for (const m of movies) if (m.imdbId) seen.set(m.imdbId, (seen.get(m.imdbId) ?? 0) + 1);
  const picked = movies.filter((m) => m.imdbId && seen.get(m.imdbId) === 1).slice(0, 6);
  const tenPoint = [10, 9, 7, 6, 3, 8];
  const expected = new Map(picked.map((m, i) => [m.movieId, tenPoint[i]! / 2]));
  const rows = picked.map(
    (m, i) =>
      `tt${m.imdbId},${tenPoint[i]},2024-05-0${i + 1},"${m.title.replace(/"/g, '""')}",${m.year ?? ''}`,
  );
  // An IMDb title the catalogue does not have.
  rows.push('tt99999999,8,2024-05-09,"Not In The Catalogue",1999');
  return { csv: ['Const,Your Rating,Date Rated,Title,Year', ...rows].join('\n') + '\n', expected };
}

describe('importing ratings', () => {
  it('previews an IMDb export, writes nothing until confirmed, then rates the matched films', async () => {
    const { csv, expected } = imdbExport();
    await ui.page.goto(webUrl);
    await ui.page.getByTestId('movie-card').first().waitFor();
    await navLink(ui.page, /My ratings/).click();
    await ui.page.getByTestId('import-file').setInputFiles({
      name: 'ratings.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    const panel = ui.page.getByTestId('import-export');
    await panel.getByTestId('import-preview').or(panel.getByRole('alert')).waitFor();
    expect(await panel.getByRole('alert').allTextContents()).toEqual([]);
    expect(await ui.page.getByTestId('count-matched').textContent()).toBe('6 matched');
    expect(await ui.page.getByTestId('count-unmatched').textContent()).toBe('1 not found');
    await screenshot(ui.page, 'import-preview');

    const before = await ui.context.request.get(`${webUrl}/api/ratings`);
    expect(((await before.json()) as RatingsListResponse).ratings).toEqual([]);

    await ui.page.getByTestId('import-confirm').click();
    await ui.page.getByTestId('import-done').waitFor();
    const after = await ui.context.request.get(`${webUrl}/api/ratings`);
    const ratings = ((await after.json()) as RatingsListResponse).ratings;
    expect(new Map(ratings.map((r) => [r.movie.id, r.rating]))).toEqual(expected);
    await ui.page.getByTestId('my-rating').first().waitFor();
    expect(await ui.page.getByTestId('my-rating').count()).toBe(6);
  });
});
