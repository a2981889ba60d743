import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MovieLensFormatError } from './errors';
import { parseRatingsCsv } from './parse';
import { streamRatings, type RatingsBatch, type RatingsInput } from './ratings-stream';
import { generateSyntheticMovieLens } from './synthetic';
import { withTempDir } from './test-support';
import type { RatingRecord } from './types';

const crlf = (...lines: string[]) => lines.map((line) => `${line}\r\n`).join('');
const HEADER = 'userId,movieId,rating,timestamp';

async function collect(
  input: RatingsInput,
  options?: Parameters<typeof streamRatings>[1],
): Promise<RatingsBatch[]> {
  const batches: RatingsBatch[] = [];
  for await (const batch of streamRatings(input, options)) batches.push(batch);
  return batches;
}

/** The MovieLensFormatError streaming `content` ends with. */
async function streamError(
  content: string,
  options?: Parameters<typeof streamRatings>[1],
): Promise<MovieLensFormatError> {
  const error = await collect({ content }, options).then(
    () => new Error('expected a MovieLensFormatError'),
    (e: unknown) => e,
  );
  if (error instanceof MovieLensFormatError) return error;
  throw error;
}

const withoutLine = ({ line: _line, ...rating }: RatingRecord & { line: number }) => rating;

describe('streamRatings', () => {
  const synthetic = generateSyntheticMovieLens({
    users: 30,
    movies: 40,
    ratingsPerUser: 9,
    seed: 5,
  });
  const csv = synthetic.files['ratings.csv'];

  it('reads a file in batches: the same ratings as parseRatingsCsv, each with its line', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'ratings.csv');
      await writeFile(path, csv);
      const batches = await collect({ path }, { batchSize: 100 });
      expect(batches.map((b) => b.rows.length)).toEqual([100, 100, 70]);
      const rows = batches.flatMap((b) => b.rows);
      expect(rows.map(withoutLine)).toEqual(parseRatingsCsv(csv));
      expect(rows.map((r) => r.line)).toEqual(rows.map((_, i) => i + 2));
      expect(batches.at(-1)).toMatchObject({ done: csv.length, total: csv.length });
      expect(batches[0]!.done).toBeLessThanOrEqual(batches[1]!.done);
    });
  });

  it('reads content held in memory the same way', async () => {
    const fromText = (await collect({ content: csv })).flatMap((b) => b.rows);
    const fromBuffer = (await collect({ content: Buffer.from(csv) })).flatMap((b) => b.rows);
    expect(fromText.map(withoutLine)).toEqual(synthetic.ratings);
    expect(fromBuffer).toEqual(fromText);
  });

  it('counts blank lines, LF endings and a BOM in the lines it reports', async () => {
    const content = `\uFEFF${HEADER}\n1,1,4.0,964982703\n\n2,5,3.5,964982704 \n`;
    const rows = (await collect({ content })).flatMap((b) => b.rows);
    expect(rows).toEqual([
      { userId: 1, movieId: 1, rating: 4, timestamp: 964982703, line: 2 },
      { userId: 2, movieId: 5, rating: 3.5, timestamp: 964982704, line: 4 },
    ]);
  });

  it('yields nothing for a header alone', async () => {
    expect(await collect({ content: crlf(HEADER) })).toEqual([]);
  });

  it.each([
    ['a bad rating', crlf(HEADER, '1,1,4.0,1', '1,2,7,1'), 3, 'rating 7 is outside 0.5..5'],
    ['a missing field', crlf(HEADER, '1,1,4.0,1', '', '1,2,4.0'), 4, 'expected 4 fields'],
    ['a bad id', crlf(HEADER, '1,x,4.0,1'), 2, 'movieId "x" is not a positive integer'],
    ['a bad timestamp', crlf(HEADER, '1,1,4.0,1.5'), 2, 'timestamp "1.5" is not a whole'],
    ['an unclosed quote', crlf(HEADER, '1,1,4.0,1', '1,"2,4.0,1', '1,3,4.0,1'), 3, 'never closed'],
    ['a stray quote', crlf(HEADER, '', '1,2"x,4.0,1', '1,1,4.0,1'), 3, 'a double quote appears'],
    ['a wrong header', crlf('user,movie,rating,timestamp', '1,1,4.0,1'), 1, 'header is'],
    ['an empty file', '', 1, 'file is empty'],
  ])('fails at %s, naming the file and line', async (_what, content, line, reason) => {
    const error = await streamError(content);
    expect(error.file).toBe('ratings.csv');
    expect(error.line).toBe(line);
    expect(error.reason).toContain(reason);
  });

  it('fails at a rating of a movie not among movieIds, yielding no row past it', async () => {
    const content = crlf(HEADER, '1,1,4.0,1', '1,2,4.0,1', '1,9,4.0,1', '1,1,4.0,1');
    const seen: number[] = [];
    const error = await (async () => {
      const options = { batchSize: 1, movieIds: new Set([1, 2]) };
      for await (const batch of streamRatings({ content }, options)) {
        seen.push(...batch.rows.map((r) => r.line));
      }
    })().catch((e: unknown) => e);
    expect(seen.filter((line) => line >= 4)).toEqual([]);
    expect(error).toBeInstanceOf(MovieLensFormatError);
    expect((error as Error).message).toBe('ratings.csv line 4: movieId 9 is not in movies.csv');
  });

  it('reads a file larger than its 1 MB chunks, a CRLF cut between two chunks', async () => {
    const lines = Array.from({ length: 40_000 }, (_, i) => `${i + 1},${(i % 97) + 1},4.5,1${i}`);
    // Leading zeros on the first id (still user 1) move the CR of a later line onto the last
    // byte of the first 1 MB chunk, its LF onto the first byte of the next.
    const lastByte = (1 << 20) - 1;
    const shift = lastByte - crlf(HEADER, ...lines).lastIndexOf('\r', lastByte);
    lines[0] = '0'.repeat(shift) + lines[0]!;
    const content = crlf(HEADER, ...lines);
    expect(content.slice(lastByte, lastByte + 2)).toBe('\r\n');
    await withTempDir(async (dir) => {
      const path = join(dir, 'ratings.csv');
      await writeFile(path, content);
      const batches = await collect({ path }, { batchSize: 7_000 });
      const rows = batches.flatMap((b) => b.rows);
      expect(batches.map((b) => b.rows.length)).toEqual([7000, 7000, 7000, 7000, 7000, 5000]);
      expect(rows.every((r, i) => r.line === i + 2 && r.userId === i + 1)).toBe(true);
      expect(rows[39_999]).toEqual({
        userId: 40_000,
        movieId: (39_999 % 97) + 1,
        rating: 4.5,
        timestamp: 139_999,
        line: 40_001,
      });
    });
  });

  it('reads quoted fields and spaces the way parseRatingsCsv does', async () => {
    const content = crlf(HEADER, '"1",2 , 3.5,"964982703"', ' 4,5,1,6 ');
    const rows = (await collect({ content })).flatMap((b) => b.rows);
    expect(rows.map(withoutLine)).toEqual(parseRatingsCsv(content));
    expect(rows.map((r) => r.line)).toEqual([2, 3]);
  });

  it('refuses a line longer than 1 MB', async () => {
    const error = await streamError(crlf(HEADER, '1,1,4.0,1', '9'.repeat(3_000_000)));
    expect(error.message).toBe('ratings.csv line 3: line is longer than 1 MB');
  });

  it("checks pairs rated twice while each user's ratings come together", async () => {
    const grouped = await collect({ content: csv }, { batchSize: 100 });
    expect(grouped.map((b) => b.duplicatesChecked)).toEqual([true, true, true]);

    const twice = await streamError(crlf(HEADER, '1,1,4.0,1', '1,2,4.0,1', '1,1,3.0,1'));
    expect(twice.message).toBe('ratings.csv line 4: user 1 already rated movie 1 on line 2');

    const scattered = crlf(HEADER, '1,1,4.0,1', '2,1,4.0,1', '1,1,3.0,1');
    const batches = await collect({ content: scattered }, { batchSize: 1 });
    expect(batches.map((b) => b.duplicatesChecked)).toEqual([false, false, false]);
  });

  it('fails with the cause when the file cannot be read', async () => {
    await withTempDir(async (dir) => {
      await expect(collect({ path: join(dir, 'missing.csv') })).rejects.toThrow(/ENOENT/);
    });
  });

  it('stops reading when the consumer stops early', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'ratings.csv');
      await writeFile(path, csv);
      let batches = 0;
      for await (const _batch of streamRatings({ path }, { batchSize: 10 })) {
        if (++batches === 2) break;
      }
      expect(batches).toBe(2);
    });
  });

  it('refuses a batch size that is not a positive integer', async () => {
    await expect(collect({ content: csv }, { batchSize: 0 })).rejects.toThrow(RangeError);
  });
});
