import { isCurrent, NAV_LINKS } from './SiteNav';

describe('the current section', () => {
  const current = (pathname: string) =>
    NAV_LINKS.filter((l) => isCurrent(l.href, pathname)).map((l) => l.href);

  it('is the one section whose address the page has, or is inside', () => {
    expect(current('/')).toEqual(['/']);
    expect(current('/watchlist')).toEqual(['/watchlist']);
    expect(current('/recommendations')).toEqual(['/recommendations']);
    expect(current('/ratings')).toEqual(['/ratings']);
  });

  it('is none on a film page or an unknown address', () => {
    expect(current('/films/12')).toEqual([]);
    expect(current('/watchlists')).toEqual([]);
  });
});
