import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MovieLensFormatError, MovieLensSourceError } from './errors';
import { loadMovieLens } from './load';
import { generateSyntheticMovieLens, writeSyntheticMovieLens } from './synthetic';
import { buildZip, corruptZip, withTempDir } from './test-support';

const OPTIONS = { users: 12, movies: 30, ratingsPerUser: 8, seed: 3 };
const expected = generateSyntheticMovieLens(OPTIONS);
const expectedData = { movies: expected.movies, ratings: expected.ratings };
// No MOVIELENS_* variables from the machine running the tests.
const env = {};

describe('loadMovieLens from a local source', () => {
  it('reads a folder holding the CSV files', async () => {
    await withTempDir(async (dir) => {
      await writeSyntheticMovieLens(dir, OPTIONS);
      const messages: string[] = [];
      const data = await loadMovieLens({ source: dir, env, onProgress: (m) => messages.push(m) });
      expect(data).toEqual({ ...expectedData, source: dir });
      expect(messages).toContain(`parsed ${expected.ratings.length} ratings from 12 users`);
    });
  });

  it('reads a folder whose ml-latest-small/ subfolder holds the CSV files', async () => {
    await withTempDir(async (dir) => {
      await writeSyntheticMovieLens(join(dir, 'ml-latest-small'), OPTIONS);
      const data = await loadMovieLens({ source: dir, env });
      expect(data).toEqual({ ...expectedData, source: join(dir, 'ml-latest-small') });
    });
  });

  it.each([
    ['under ml-latest-small/ like the official zip', 'ml-latest-small/'],
    ['at the top level', ''],
  ])('reads a zip with the files %s', async (_where, folder) => {
    await withTempDir(async (dir) => {
      const zipPath = join(dir, 'movielens.zip');
      await writeFile(zipPath, buildZip({ ...expected.files, 'README.txt': 'hi' }, folder));
      const data = await loadMovieLens({ source: zipPath, env });
      expect(data).toEqual({ ...expectedData, source: zipPath });
    });
  });

  it('takes MOVIELENS_DIR when no source is given, and source over MOVIELENS_DIR', async () => {
    await withTempDir(async (dir) => {
      const fromEnv = join(dir, 'env');
      const fromOption = join(dir, 'option');
      await writeSyntheticMovieLens(fromEnv, OPTIONS);
      await writeSyntheticMovieLens(fromOption, { ...OPTIONS, seed: 4 });
      const viaEnv = await loadMovieLens({ env: { MOVIELENS_DIR: fromEnv } });
      expect(viaEnv).toEqual({ ...expectedData, source: fromEnv });
      const viaOption = await loadMovieLens({
        source: fromOption,
        env: { MOVIELENS_DIR: fromEnv },
      });
      expect(viaOption.source).toBe(fromOption);
      expect(viaOption.ratings).toEqual(
        generateSyntheticMovieLens({ ...OPTIONS, seed: 4 }).ratings,
      );
    });
  });

  it('says which path does not exist and where it came from', async () => {
    await withTempDir(async (dir) => {
      const missing = join(dir, 'nowhere');
      await expect(loadMovieLens({ env: { MOVIELENS_DIR: missing } })).rejects.toThrow(
        new MovieLensSourceError(`MOVIELENS_DIR ${missing} does not exist`),
      );
    });
  });

  it('lists the CSV files a folder lacks', async () => {
    await withTempDir(async (dir) => {
      await writeSyntheticMovieLens(dir, OPTIONS);
      await rm(join(dir, 'links.csv'));
      await expect(loadMovieLens({ source: dir, env })).rejects.toThrow(
        `MovieLens source ${dir} is not a MovieLens folder: links.csv not found there nor in its ml-latest-small/ subfolder`,
      );
    });
  });

  it('rejects a zip whose entry fails its CRC check', async () => {
    await withTempDir(async (dir) => {
      const zipPath = join(dir, 'broken.zip');
      const zip = buildZip(expected.files);
      await writeFile(zipPath, corruptZip(zip, 'userId,movieId'));
      await expect(loadMovieLens({ source: zipPath, env })).rejects.toThrow(
        `${zipPath} is corrupt: entry ml-latest-small/ratings.csv cannot be extracted`,
      );
    });
  });

  it('rejects a file that is not a zip', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'ratings.zip');
      await writeFile(path, expected.files['ratings.csv']);
      await expect(loadMovieLens({ source: path, env })).rejects.toThrow(
        `${path} is not a valid zip archive`,
      );
    });
  });

  it('rejects a zip without the three CSV files', async () => {
    await withTempDir(async (dir) => {
      const zipPath = join(dir, 'partial.zip');
      const { 'links.csv': _links, ...rest } = expected.files;
      await writeFile(zipPath, buildZip(rest));
      await expect(loadMovieLens({ source: zipPath, env })).rejects.toThrow(
        `${zipPath} does not contain ml-latest-small/ratings.csv, ml-latest-small/movies.csv, ml-latest-small/links.csv`,
      );
    });
  });

  it('fails with the file and line of a malformed row', async () => {
    await withTempDir(async (dir) => {
      await writeSyntheticMovieLens(dir, OPTIONS);
      const lines = expected.files['ratings.csv'].split('\r\n');
      lines[5] = lines[5]?.replace(/,[0-9.]+,(\d+)$/, ',9.5,$1') ?? '';
      await writeFile(join(dir, 'ratings.csv'), lines.join('\r\n'));
      const error = await loadMovieLens({ source: dir, env }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MovieLensFormatError);
      expect((error as MovieLensFormatError).message).toBe(
        'ratings.csv line 6: rating 9.5 is outside 0.5..5',
      );
    });
  });
});
