import { filterFromParams, filterQueryString } from './filter-params';

describe('the recommendations filter in the address', () => {
  it('reads a genre and a decade the filter offers', () => {
    expect(filterFromParams(new URLSearchParams('genre=Comedy&decade=1990'))).toEqual({
      genre: 'Comedy',
      decade: 1990,
    });
    expect(filterFromParams(new URLSearchParams(''))).toEqual({});
  });

  it('ignores values the filter does not offer', () => {
    expect(filterFromParams(new URLSearchParams('genre=comedy&decade=1995'))).toEqual({});
    expect(filterFromParams(new URLSearchParams('genre=Noir&decade=abc'))).toEqual({});
    expect(filterFromParams(new URLSearchParams('decade=2020'))).toEqual({ decade: 2020 });
  });

  it('writes the query string back, and nothing for no filter', () => {
    expect(filterQueryString({ genre: 'Sci-Fi', decade: 1980 })).toBe('?genre=Sci-Fi&decade=1980');
    expect(filterQueryString({})).toBe('');
    const filter = { genre: 'Film-Noir' as const };
    expect(filterFromParams(new URLSearchParams(filterQueryString(filter)))).toEqual(filter);
  });
});
