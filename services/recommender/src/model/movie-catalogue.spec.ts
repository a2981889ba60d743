import { MovieCatalogue } from './movie-catalogue';

describe('MovieCatalogue', () => {
  // Model movies 10, 20, 30, 40; the movies table also has 99, which the model does not know.
  const catalogue = MovieCatalogue.build(
    [10, 20, 30, 40],
    [
      { id: 20, genres: ['Comedy', 'Romance'], year: 1994 },
      { id: 10, genres: ['Horror'], year: 1990 },
      { id: 30, genres: ['Horror', 'Sci-Fi'], year: 2001 },
      { id: 99, genres: ['Horror'], year: 1995 },
      // 40 is not in the table: no genre, no year.
    ],
  );

  it('describes the model movies the table has, in model order', () => {
    expect(catalogue.described).toBe(3);
    expect(Array.from(catalogue.allowed({ genre: 'Horror' })!)).toEqual([1, 0, 1, 0]);
  });

  it('takes a decade as its ten years, and both parts of a filter together', () => {
    expect(Array.from(catalogue.allowed({ decade: 1990 })!)).toEqual([1, 1, 0, 0]);
    expect(Array.from(catalogue.allowed({ genre: 'Horror', decade: 1990 })!)).toEqual([1, 0, 0, 0]);
    expect(Array.from(catalogue.allowed({ decade: 1950 })!)).toEqual([0, 0, 0, 0]);
  });

  it('limits nothing without a filter', () => {
    expect(catalogue.allowed(undefined)).toBeNull();
    expect(catalogue.allowed({})).toBeNull();
  });

  it('lets no movie through for a genre outside the catalogue', () => {
    expect(Array.from(catalogue.allowed({ genre: 'Opera' as never })!)).toEqual([0, 0, 0, 0]);
  });
});
