import { FieldError, parseGenres, parseRating, parseTitle } from './fields';

describe('parseTitle', () => {
  it.each([
    ['Toy Story (1995)', 'Toy Story', 1995],
    ['American President, The (1995)', 'American President, The', 1995],
    [
      'From Dusk Till Dawn 2: Texas Blood Money (1999) ',
      'From Dusk Till Dawn 2: Texas Blood Money',
      1999,
    ],
    ['Postman, The (Postino, Il) (1994)', 'Postman, The (Postino, Il)', 1994],
    ['Death Note: Desu nôto (2006\u20132007)', 'Death Note: Desu nôto', 2006],
    ['Some Series (2006-2007)', 'Some Series', 2006],
    ['Babylon 5', 'Babylon 5', null],
    ['Ready Player One  ', 'Ready Player One', null],
    ['1984 (1984)', '1984', 1984],
    ['(500) Days of Summer (2009)', '(500) Days of Summer', 2009],
    ['Hyena Road (Canada)', 'Hyena Road (Canada)', null],
  ])('%j -> %j, %p', (raw, title, year) => {
    expect(parseTitle(raw)).toEqual({ title, year });
  });

  it('keeps a title that is only a year in parentheses', () => {
    expect(parseTitle('(1995)')).toEqual({ title: '(1995)', year: null });
  });

  it('rejects an empty title', () => {
    expect(() => parseTitle('  ')).toThrow(new FieldError('title is empty'));
  });
});

describe('parseRating', () => {
  it.each([
    ['0.5', 0.5],
    ['4.0', 4],
    ['5', 5],
    ['3.5', 3.5],
  ])('%s -> %p', (raw, value) => expect(parseRating(raw)).toBe(value));

  it.each([
    ['7', 'rating 7 is outside 0.5..5'],
    ['0', 'rating 0 is outside 0.5..5'],
    ['3.3', 'rating 3.3 is not a multiple of 0.5'],
    ['-1', 'rating "-1" is not a number'],
    ['four', 'rating "four" is not a number'],
    ['', 'rating "" is not a number'],
  ])('rejects %j', (raw, reason) => expect(() => parseRating(raw)).toThrow(reason));
});

describe('parseGenres', () => {
  it('splits on | and maps "(no genres listed)" to none', () => {
    expect(parseGenres('Adventure|Children|Fantasy')).toEqual(['Adventure', 'Children', 'Fantasy']);
    expect(parseGenres('(no genres listed)')).toEqual([]);
  });

  it('rejects empty genre lists and empty genres', () => {
    expect(() => parseGenres('')).toThrow('genres is empty');
    expect(() => parseGenres('Drama||War')).toThrow('has an empty genre');
  });
});
