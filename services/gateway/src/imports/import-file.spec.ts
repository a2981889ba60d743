import { IMPORT_MAX_ROWS } from '@marquee/contracts';
import { DomainError } from '../errors/domain-error';
import { readCsv, readImportFile } from './import-file';

function failure(run: () => unknown): { code: string; message: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, message: err.message };
    throw err;
  }
  throw new Error('did not fail');
}

describe('readCsv (RFC 4180 through csv-parse)', () => {
  it('reads quoted fields, doubled quotes, commas and line breaks in quotes, CRLF and a BOM', () => {
    const text = '\ufeffa,b\r\n"x, y","say ""hi"""\r\n"two\r\nlines",z\r\n\r\nlast,1';
    expect(readCsv(text)).toEqual([
      { fields: ['a', 'b'], line: 1 },
      { fields: ['x, y', 'say "hi"'], line: 2 },
      { fields: ['two\r\nlines', 'z'], line: 3 },
      { fields: ['last', '1'], line: 6 },
    ]);
  });

  it('names the line of a quote never closed, and of a stray quote', () => {
    expect(failure(() => readCsv('a,b\n1,2\n3,"4\n5,6\n')).message).toBe(
      'Line 3 of the file: a quoted field opened on this line is never closed',
    );
    expect(failure(() => readCsv('a,b\n1,2\n3,x"4\n')).message).toBe(
      'Line 3 of the file: a double quote appears inside an unquoted field',
    );
  });
});

describe('readImportFile', () => {
  it('recognises each format by its header', () => {
    expect(
      readImportFile('Const,Your Rating,Title,Year\ntt0114709,7,Toy Story,1995\n', 'auto'),
    ).toEqual({
      format: 'imdb',
      rows: [
        {
          line: 2,
          kind: 'rating',
          label: 'Toy Story (1995)',
          rating: 3.5,
          at: null,
          ref: { by: 'imdb', imdbId: '114709' },
        },
      ],
    });
    expect(
      readImportFile('Date,Name,Year,Letterboxd URI,Rating\n2024-02-03,Heat,1995,u,4.5\n', 'auto'),
    ).toEqual({
      format: 'letterboxd',
      rows: [
        {
          line: 2,
          kind: 'rating',
          label: 'Heat (1995)',
          rating: 4.5,
          at: new Date('2024-02-03T00:00:00Z'),
          ref: { by: 'title', title: 'Heat', year: 1995 },
        },
      ],
    });
    const own = readImportFile(
      'kind,movieId,imdbId,title,year,rating,at\nskip,6,tt0113277,Heat,1995,,2024-01-01T10:00:00.000Z\n',
      'auto',
    );
    expect(own.format).toBe('marquee-csv');
    expect(own.rows[0]).toMatchObject({
      kind: 'skip',
      rating: null,
      ref: { by: 'id', movieId: 6 },
    });
  });

  it('maps every IMDb rating to half stars', () => {
    const lines = Array.from({ length: 10 }, (_, i) => `tt${i + 1},${i + 1}`);
    const { rows } = readImportFile(['Const,Your Rating', ...lines].join('\n'), 'imdb');
    expect(rows.map((r) => r.rating)).toEqual([0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
  });

  it('refuses a file of another format than the one asked for', () => {
    expect(failure(() => readImportFile('Const,Your Rating\ntt1,5\n', 'letterboxd'))).toEqual({
      code: 'MALFORMED_FILE',
      message: `Line 1 of the file: the header "Const,Your Rating" is not that of Letterboxd's ratings.csv (Date, Name, Year, Letterboxd URI, Rating)`,
    });
  });

  it('names the bad line of every kind of bad row', () => {
    const cases: [string, string][] = [
      [
        'Const,Your Rating\ntt1,5\ntt2,0\n',
        'Line 3 of the file: Your Rating "0" is not a whole number from 1 to 10',
      ],
      [
        'Const,Your Rating\ntt1,5.5\n',
        'Line 2 of the file: Your Rating "5.5" is not a whole number from 1 to 10',
      ],
      [
        'Const,Your Rating,Date Rated\ntt1,5,yesterday\n',
        'Line 2 of the file: Date Rated "yesterday" is not a date (YYYY-MM-DD)',
      ],
      ['Const,Your Rating,Year\ntt1,5,95\n', 'Line 2 of the file: Year "95" is not a year'],
      [
        'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,,1995,u,4\n',
        'Line 2 of the file: Name is empty',
      ],
      [
        'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,1995,u,6\n',
        'Line 2 of the file: Rating "6" is not a rating from 0.5 to 5 in half stars',
      ],
      [
        'kind,movieId,imdbId,title,year,rating,at\nrated,1,,x,,4,\n',
        'Line 2 of the file: kind "rated" is not one of rating, skip, watchlist, notInterested',
      ],
      [
        'kind,movieId,imdbId,title,year,rating,at\nskip,1,,x,,4,\n',
        'Line 2 of the file: a skip has no rating, but rating is "4"',
      ],
      [
        'kind,movieId,imdbId,title,year,rating,at\nrating,-1,,x,,4,\n',
        'Line 2 of the file: movieId "-1" is not a film id',
      ],
    ];
    for (const [text, message] of cases) {
      expect(failure(() => readImportFile(text, 'auto'))).toEqual({
        code: 'MALFORMED_FILE',
        message,
      });
    }
  });

  it('names the line of invalid JSON', () => {
    expect(
      failure(() => readImportFile('{\n  "format": "marquee-export",\n  oops\n}', 'auto')),
    ).toEqual({
      code: 'MALFORMED_FILE',
      message: 'Line 3 of the file: it is not valid JSON',
    });
  });

  it('counts the rows against the limit', () => {
    const text = [
      'Const,Your Rating',
      ...Array.from({ length: IMPORT_MAX_ROWS + 1 }, () => 'tt1,5'),
    ];
    expect(failure(() => readImportFile(text.join('\n'), 'auto')).code).toBe('TOO_MANY_ROWS');
    expect(failure(() => readImportFile('', 'auto')).message).toBe(
      'The file is malformed: it is empty',
    );
  });
});
