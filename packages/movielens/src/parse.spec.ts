import { MovieLensFormatError } from './errors';
import { parseLinksCsv, parseMovieLensFiles, parseMoviesCsv, parseRatingsCsv } from './parse';

const crlf = (...lines: string[]) => lines.map((line) => `${line}\r\n`).join('');

const MOVIES = crlf(
  'movieId,title,genres',
  '1,Toy Story (1995),Adventure|Animation|Children|Comedy|Fantasy',
  '11,"American President, The (1995)",Comedy|Drama|Romance',
  '7789,"11\'09""01 - September 11 (2002)",Drama',
  '27008,From Dusk Till Dawn 2: Texas Blood Money (1999) ,Comedy|Crime|Horror',
  '40697,Babylon 5,Sci-Fi',
  '171749,Death Note: Desu nôto (2006\u20132007),(no genres listed)',
);
const LINKS = crlf(
  'movieId,imdbId,tmdbId',
  '1,0114709,862',
  '11,0112346,9087',
  '7789,0328802,1926',
  '27008,0120860,12095',
  '40697,0105946,',
);
const RATINGS = crlf(
  'userId,movieId,rating,timestamp',
  '1,1,4.0,964982703',
  '1,11,0.5,964981247',
  '2,40697,5.0,964982495 ',
  '2,171749,3.5,1493846415',
);

/** The MovieLensFormatError `run` throws, or a failure when it throws none. */
function formatError(run: () => unknown): MovieLensFormatError {
  try {
    run();
  } catch (error) {
    if (error instanceof MovieLensFormatError) return error;
    throw error;
  }
  throw new Error('expected a MovieLensFormatError');
}

describe('parsing well-formed files', () => {
  it('reads titles with commas, doubled quotes, trailing spaces, no year and year ranges', () => {
    expect(parseMoviesCsv(MOVIES)).toEqual([
      {
        movieId: 1,
        title: 'Toy Story',
        year: 1995,
        genres: ['Adventure', 'Animation', 'Children', 'Comedy', 'Fantasy'],
      },
      {
        movieId: 11,
        title: 'American President, The',
        year: 1995,
        genres: ['Comedy', 'Drama', 'Romance'],
      },
      { movieId: 7789, title: '11\'09"01 - September 11', year: 2002, genres: ['Drama'] },
      {
        movieId: 27008,
        title: 'From Dusk Till Dawn 2: Texas Blood Money',
        year: 1999,
        genres: ['Comedy', 'Crime', 'Horror'],
      },
      { movieId: 40697, title: 'Babylon 5', year: null, genres: ['Sci-Fi'] },
      { movieId: 171749, title: 'Death Note: Desu nôto', year: 2006, genres: [] },
    ]);
  });

  it('reads links, keeping imdb leading zeros and empty tmdbIds as null', () => {
    expect(parseLinksCsv(LINKS)).toEqual([
      { movieId: 1, imdbId: '0114709', tmdbId: 862 },
      { movieId: 11, imdbId: '0112346', tmdbId: 9087 },
      { movieId: 7789, imdbId: '0328802', tmdbId: 1926 },
      { movieId: 27008, imdbId: '0120860', tmdbId: 12095 },
      { movieId: 40697, imdbId: '0105946', tmdbId: null },
    ]);
  });

  it('reads ratings, tolerating spaces around a number', () => {
    expect(parseRatingsCsv(RATINGS)).toEqual([
      { userId: 1, movieId: 1, rating: 4, timestamp: 964982703 },
      { userId: 1, movieId: 11, rating: 0.5, timestamp: 964981247 },
      { userId: 2, movieId: 40697, rating: 5, timestamp: 964982495 },
      { userId: 2, movieId: 171749, rating: 3.5, timestamp: 1493846415 },
    ]);
  });

  it('accepts LF line endings, a UTF-8 BOM, a missing final newline and blank lines', () => {
    const text = '\ufeffuserId,movieId,rating,timestamp\n1,1,4.0,1\n\n2,1,3.0,2';
    expect(parseRatingsCsv(Buffer.from(text, 'utf8'))).toEqual([
      { userId: 1, movieId: 1, rating: 4, timestamp: 1 },
      { userId: 2, movieId: 1, rating: 3, timestamp: 2 },
    ]);
  });

  it('joins movies with links; a movie without a links row gets null ids', () => {
    const data = parseMovieLensFiles({
      'movies.csv': MOVIES,
      'links.csv': LINKS,
      'ratings.csv': RATINGS,
    });
    expect(data.ratings).toHaveLength(4);
    expect(data.movies.find((m) => m.movieId === 11)).toEqual({
      movieId: 11,
      title: 'American President, The',
      year: 1995,
      genres: ['Comedy', 'Drama', 'Romance'],
      imdbId: '0112346',
      tmdbId: 9087,
    });
    expect(data.movies.find((m) => m.movieId === 40697)).toMatchObject({
      imdbId: '0105946',
      tmdbId: null,
    });
    expect(data.movies.find((m) => m.movieId === 171749)).toMatchObject({
      imdbId: null,
      tmdbId: null,
    });
  });

  it('reports progress with counts', () => {
    const messages: string[] = [];
    parseMovieLensFiles(
      { 'movies.csv': MOVIES, 'links.csv': LINKS, 'ratings.csv': RATINGS },
      (message) => messages.push(message),
    );
    expect(messages).toEqual([
      'parsed 6 movies',
      'parsed 5 links',
      'parsed 4 ratings from 2 users',
    ]);
  });
});

describe('malformed input', () => {
  const ratings = (...rows: string[]) => crlf('userId,movieId,rating,timestamp', ...rows);

  it.each([
    ['a rating above 5', ratings('1,1,4.0,1', '1,2,7,1'), 3, 'rating 7 is outside 0.5..5'],
    [
      'a rating off the half-star grid',
      ratings('1,1,3.3,1'),
      2,
      'rating 3.3 is not a multiple of 0.5',
    ],
    ['a rating that is not a number', ratings('1,1,good,1'), 2, 'rating "good" is not a number'],
    ['a fractional user id', ratings('1.5,1,4.0,1'), 2, 'userId "1.5" is not a positive integer'],
    ['a zero movie id', ratings('1,0,4.0,1'), 2, 'movieId 0 is outside 1..2147483647'],
    [
      'an id too big for the database',
      ratings('1,2147483648,4,1'),
      2,
      'movieId 2147483648 is outside 1..2147483647',
    ],
    [
      'a date as timestamp',
      ratings('1,1,4.0,2018-01-01'),
      2,
      'timestamp "2018-01-01" is not a whole number of seconds',
    ],
    [
      'a missing field',
      ratings('1,1,4.0,1', '1,2,4.0'),
      3,
      'expected 4 fields (userId,movieId,rating,timestamp) but found 3',
    ],
    [
      'an extra field',
      ratings('1,1,4.0,1,9'),
      2,
      'expected 4 fields (userId,movieId,rating,timestamp) but found 5',
    ],
    [
      'a different header',
      crlf('user,movie,rating,timestamp', '1,1,4.0,1'),
      1,
      'header is "user,movie,rating,timestamp" but expected "userId,movieId,rating,timestamp"',
    ],
    ['an empty file', '', 1, 'file is empty (expected header "userId,movieId,rating,timestamp")'],
  ])('ratings.csv with %s', (_kind, text, line, reason) => {
    const error = formatError(() => parseRatingsCsv(text));
    expect({ file: error.file, line: error.line, reason: error.reason }).toEqual({
      file: 'ratings.csv',
      line,
      reason,
    });
    expect(error.message).toBe(`ratings.csv line ${line}: ${reason}`);
  });

  const movies = (...rows: string[]) => crlf('movieId,title,genres', ...rows);

  it.each([
    [
      'an unclosed quote',
      movies('1,A (1995),Drama', '2,"B, The (1996),Drama', '3,C (1997),War'),
      3,
      'a quoted field is never closed',
    ],
    [
      'a stray quote inside a field',
      movies('1,A (1995),Drama', '2,B "x" (1996),Drama'),
      3,
      'a double quote appears inside an unquoted field',
    ],
    [
      'text after a closing quote',
      movies('1,"A" (1995),Drama'),
      2,
      'text follows the closing quote of a quoted field',
    ],
    [
      'a quoted field spanning lines',
      movies('1,"A\r\nB (1995)",Drama', '2,C,War'),
      2,
      'title contains a line break (unbalanced quotes?)',
    ],
    [
      'empty genres',
      movies('1,A (1995),'),
      2,
      'genres is empty (write "(no genres listed)" for none)',
    ],
    ['an empty title', movies('1,,Drama'), 2, 'title is empty'],
    [
      'a non-numeric movie id',
      movies('x1,A (1995),Drama'),
      2,
      'movieId "x1" is not a positive integer',
    ],
  ])('movies.csv with %s', (_kind, text, line, reason) => {
    const error = formatError(() => parseMoviesCsv(text));
    expect([error.file, error.line, error.reason]).toEqual(['movies.csv', line, reason]);
  });

  it('counts physical lines after a quoted field that spans lines', () => {
    // The line break inside quotes is rejected on the line where that row starts, and the
    // same happens after earlier rows that contain doubled quotes and commas.
    const text = movies('1,"A, ""B"" (1995)",Drama', '', '2,"C\nD",War');
    expect(formatError(() => parseMoviesCsv(text)).line).toBe(4);
  });

  it.each([
    [
      'a tmdbId that is not a number',
      crlf('movieId,imdbId,tmdbId', '1,0114709,abc'),
      2,
      'tmdbId "abc" is not a positive integer',
    ],
    [
      'an imdbId with letters',
      crlf('movieId,imdbId,tmdbId', '1,tt0114709,862'),
      2,
      'imdbId "tt0114709" is not a string of digits',
    ],
    [
      'a header in the wrong order',
      crlf('movieId,tmdbId,imdbId', '1,862,0114709'),
      1,
      'header is "movieId,tmdbId,imdbId" but expected "movieId,imdbId,tmdbId"',
    ],
  ])('links.csv with %s', (_kind, text, line, reason) => {
    const error = formatError(() => parseLinksCsv(text));
    expect([error.file, error.line, error.reason]).toEqual(['links.csv', line, reason]);
  });

  it.each([
    [
      'a movie listed twice',
      { 'movies.csv': MOVIES + '11,Again (2000),Drama\r\n' },
      ['movies.csv', 8, 'movieId 11 already appears on line 3'],
    ],
    [
      'a link to an unknown movie',
      { 'links.csv': LINKS + '99,0000001,1\r\n' },
      ['links.csv', 7, 'movieId 99 is not in movies.csv'],
    ],
    [
      'a movie linked twice',
      { 'links.csv': LINKS + '1,0000001,1\r\n' },
      ['links.csv', 7, 'movieId 1 already appears on line 2'],
    ],
    [
      'a rating of an unknown movie',
      { 'ratings.csv': RATINGS + '3,99,4.0,1\r\n' },
      ['ratings.csv', 6, 'movieId 99 is not in movies.csv'],
    ],
    [
      'a user rating a movie twice',
      { 'ratings.csv': RATINGS + '1,11,4.0,1\r\n' },
      ['ratings.csv', 6, 'user 1 already rated movie 11 on line 3'],
    ],
  ])('across files: %s', (_kind, override, expected) => {
    const files = { 'movies.csv': MOVIES, 'links.csv': LINKS, 'ratings.csv': RATINGS, ...override };
    const error = formatError(() => parseMovieLensFiles(files));
    expect([error.file, error.line, error.reason]).toEqual(expected);
  });
});
