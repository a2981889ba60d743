import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { MovieLensSourceError } from './errors';
import { loadMovieLens } from './load';
import { checkPublishedChecksum, findRelease, MOVIELENS_RELEASES } from './releases';
import { generateSyntheticMovieLens, writeSyntheticMovieLens } from './synthetic';
import { buildZip, withTempDir } from './test-support';

const OPTIONS = { users: 12, movies: 30, ratingsPerUser: 8, seed: 21 };
const expected = generateSyntheticMovieLens(OPTIONS);
const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

describe('MovieLens releases by name', () => {
  it('knows ml-25m and ml-32m with their official addresses, md5s and sizes', () => {
    expect(findRelease('ml-25m')).toEqual({
      name: 'ml-25m',
      url: 'https://files.grouplens.org/datasets/movielens/ml-25m.zip',
      md5: '6b51fb2759a8657d3bfcbfc42b592ada',
      bytes: 261_978_986,
    });
    expect(findRelease('ml-32m')).toEqual({
      name: 'ml-32m',
      url: 'https://files.grouplens.org/datasets/movielens/ml-32m.zip',
      md5: 'd472be332d4daa821edc399621853b57',
      bytes: 238_950_008,
    });
    expect(findRelease(' ml-latest-small ')).toMatchObject({ md5: null, bytes: null });
    expect(Object.keys(MOVIELENS_RELEASES)).toEqual(['ml-latest-small', 'ml-25m', 'ml-32m']);
  });

  it('rejects a name it does not know, listing those it does', () => {
    expect(() => findRelease('ml-100m')).toThrow(
      new MovieLensSourceError(
        'MOVIELENS_DATASET must be one of ml-latest-small, ml-25m, ml-32m (got "ml-100m")',
      ),
    );
  });

  it('accepts a download with the published size and md5, and rejects any other', () => {
    const bytes = Buffer.from('a zip');
    const release = { name: 'ml-test', url: 'u', md5: md5(bytes), bytes: bytes.length };
    expect(
      checkPublishedChecksum(release, 'http://mirror/x.zip', { bytes: 5, md5: md5(bytes) }),
    ).toBe(`md5 ${md5(bytes)} and size match the ones GroupLens publishes for ml-test.zip`);
    expect(() =>
      checkPublishedChecksum(release, 'http://mirror/x.zip', { bytes: 6, md5: md5(bytes) }),
    ).toThrow(
      'The file downloaded from http://mirror/x.zip has 6 bytes but ml-test.zip has 5; ' +
        'the download was rejected',
    );
    expect(() =>
      checkPublishedChecksum(release, 'http://mirror/x.zip', { bytes: 5, md5: 'f'.repeat(32) }),
    ).toThrow(
      `The file downloaded from http://mirror/x.zip has md5 ${'f'.repeat(32)} but GroupLens ` +
        `publishes ${md5(bytes)} for ml-test.zip; the download was rejected`,
    );
    const unpinned = { ...release, md5: null, bytes: null };
    expect(checkPublishedChecksum(unpinned, 'u', { bytes: 1, md5: 'x' })).toBe(
      'ml-test.zip has no published checksum to compare with',
    );
  });
});

describe('loadMovieLens with MOVIELENS_DATASET', () => {
  /** Serves a small zip laid out like ml-32m.zip (an ml-32m/ folder) at any path. */
  const zip = buildZip(expected.files, 'ml-32m/');
  let requests = 0;
  const server: Server = createServer((_request, response) => {
    requests++;
    response.writeHead(200, { 'content-length': zip.length }).end(zip);
  });
  const url = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}/ml-32m.zip`;
  beforeAll(() => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("rejects a download of ml-32m that is not GroupLens's file, and caches nothing", async () => {
    await withTempDir(async (cacheDir) => {
      const env = { MOVIELENS_DATASET: 'ml-32m', MOVIELENS_URL: url() };
      await expect(loadMovieLens({ cacheDir, env })).rejects.toThrow(
        `The file downloaded from ${url()} has ${zip.length} bytes but ml-32m.zip has ` +
          '238950008; the download was rejected',
      );
      expect(await readdir(cacheDir)).toEqual([]);
    });
  });

  it('suggests MOVIELENS_DIR or a synthetic folder when ml-32m cannot be downloaded', async () => {
    // Tests never reach GroupLens: a closed port stands for no network.
    await withTempDir(async (cacheDir) => {
      const before = requests;
      const error = await loadMovieLens({
        cacheDir,
        dataset: 'ml-32m',
        url: 'http://127.0.0.1:9/ml-32m.zip',
        env: {},
      }).catch((e: unknown) => e);
      expect((error as Error).message).toContain(
        'Could not download MovieLens from http://127.0.0.1:9/ml-32m.zip',
      );
      expect((error as Error).message).toContain(
        'set MOVIELENS_DIR to a folder or .zip holding ml-32m (ratings.csv, movies.csv, ' +
          'links.csv), or to a synthetic folder of that size (npm run movielens -- synth).',
      );
      expect(requests).toBe(before);
    });
  });

  it('uses an ml-32m copy already in the cache, beside the default one', async () => {
    await withTempDir(async (cacheDir) => {
      await writeSyntheticMovieLens(join(cacheDir, 'ml-32m'), OPTIONS);
      const messages: string[] = [];
      const data = await loadMovieLens({
        cacheDir,
        env: { MOVIELENS_DATASET: 'ml-32m', MOVIELENS_URL: url() },
        onProgress: (message) => messages.push(message),
      });
      expect(data.ratings).toEqual(expected.ratings);
      expect(data.source).toBe(join(cacheDir, 'ml-32m'));
      expect(messages[0]).toBe(`using the MovieLens copy cached in ${join(cacheDir, 'ml-32m')}`);
    });
  });

  it("finds the release's subfolder in MOVIELENS_DIR", async () => {
    await withTempDir(async (dir) => {
      await writeSyntheticMovieLens(join(dir, 'ml-25m'), OPTIONS);
      const data = await loadMovieLens({
        env: { MOVIELENS_DATASET: 'ml-25m', MOVIELENS_DIR: dir },
      });
      expect(data.source).toBe(join(dir, 'ml-25m'));
      await mkdir(join(dir, 'other'));
      await expect(
        loadMovieLens({ env: { MOVIELENS_DATASET: 'ml-32m', MOVIELENS_DIR: join(dir, 'other') } }),
      ).rejects.toThrow('not found there nor in its ml-32m/ subfolder');
    });
  });

  it('rejects an unknown MOVIELENS_DATASET before looking anywhere', async () => {
    await expect(loadMovieLens({ env: { MOVIELENS_DATASET: 'ml-99m' } })).rejects.toThrow(
      'MOVIELENS_DATASET must be one of ml-latest-small, ml-25m, ml-32m (got "ml-99m")',
    );
  });
});
