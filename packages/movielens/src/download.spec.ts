import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MovieLensSourceError } from './errors';
import { loadMovieLens } from './load';
import { generateSyntheticMovieLens } from './synthetic';
import { buildZip, corruptZip, withTempDir } from './test-support';

const OPTIONS = { users: 15, movies: 40, ratingsPerUser: 10, seed: 11 };
const expected = generateSyntheticMovieLens(OPTIONS);
const goodZip = buildZip({ ...expected.files, 'README.txt': 'synthetic test data' });
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A real HTTP server on 127.0.0.1 serving `zip` at /ml-latest-small.zip; counts requests. */
class ZipServer {
  zip = goodZip;
  chunked = false;
  requests = 0;
  private readonly server: Server = createServer((request, response) => {
    this.requests++;
    if (request.url !== '/ml-latest-small.zip') {
      response.writeHead(404, 'Not Found').end();
      return;
    }
    response.writeHead(200, {
      'content-type': 'application/zip',
      ...(this.chunked ? {} : { 'content-length': this.zip.length }),
    });
    // Several writes, so progress can be reported part-way.
    const step = Math.ceil(this.zip.length / 4);
    for (let at = 0; at < this.zip.length; at += step)
      response.write(this.zip.subarray(at, at + step));
    response.end();
  });

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  url(path = '/ml-latest-small.zip'): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve, reject) =>
      this.server.close((e) => (e ? reject(e) : resolve())),
    );
  }
}

describe('loadMovieLens downloading into the cache', () => {
  const server = new ZipServer();
  beforeAll(() => server.start());
  afterAll(() => server.stop());
  beforeEach(() => {
    server.zip = goodZip;
    server.chunked = false;
  });

  it('downloads, verifies and unpacks the zip, then reuses the cached copy', async () => {
    await withTempDir(async (cacheDir) => {
      const messages: string[] = [];
      const before = server.requests;
      const first = await loadMovieLens({
        cacheDir,
        url: server.url(),
        env: {},
        onProgress: (m) => messages.push(m),
      });
      const folder = join(cacheDir, 'ml-latest-small');
      expect(first).toEqual({ movies: expected.movies, ratings: expected.ratings, source: folder });
      expect(server.requests).toBe(before + 1);
      expect(messages).toContain(`downloading: 100% (0.0 of 0.0 MB)`);
      expect(messages).toContain(`verified ${server.url()} (sha256 ${sha256(goodZip)})`);
      expect(messages).toContain(`parsed ${expected.ratings.length} ratings from 15 users`);

      expect((await readdir(cacheDir)).sort()).toEqual([
        'ml-latest-small',
        'ml-latest-small.zip',
        'ml-latest-small.zip.sha256',
      ]);
      expect(await readFile(join(cacheDir, 'ml-latest-small.zip'))).toEqual(goodZip);
      expect(await readFile(join(cacheDir, 'ml-latest-small.zip.sha256'), 'utf8')).toBe(
        `${sha256(goodZip)}  ml-latest-small.zip\n`,
      );
      expect((await readdir(folder)).sort()).toEqual([
        'README.txt',
        'links.csv',
        'movies.csv',
        'ratings.csv',
      ]);

      const again: string[] = [];
      const second = await loadMovieLens({
        cacheDir,
        url: server.url(),
        env: {},
        onProgress: (m) => again.push(m),
      });
      expect(second).toEqual(first);
      expect(server.requests).toBe(before + 1);
      expect(again[0]).toBe(`using the MovieLens copy cached in ${folder}`);
    });
  });

  it('reports progress in MB when the server sends no length', async () => {
    server.chunked = true;
    await withTempDir(async (cacheDir) => {
      const messages: string[] = [];
      await loadMovieLens({
        cacheDir,
        url: server.url(),
        env: {},
        onProgress: (m) => messages.push(m),
      });
      expect(messages).toContain(`downloading ${server.url()}`);
      expect(messages).toContain(`downloaded 0.0 MB`);
    });
  });

  it('takes the address from MOVIELENS_URL and the cache from MOVIELENS_CACHE_DIR', async () => {
    await withTempDir(async (cacheDir) => {
      const data = await loadMovieLens({
        env: { MOVIELENS_URL: server.url(), MOVIELENS_CACHE_DIR: cacheDir },
      });
      expect(data.source).toBe(join(cacheDir, 'ml-latest-small'));
      expect(data.ratings).toHaveLength(expected.ratings.length);
    });
  });

  it('rejects a corrupt download and caches nothing', async () => {
    server.zip = corruptZip(goodZip, 'movieId,title,genres');
    await withTempDir(async (cacheDir) => {
      await expect(loadMovieLens({ cacheDir, url: server.url(), env: {} })).rejects.toThrow(
        `The file downloaded from ${server.url()} was rejected: it is corrupt: ` +
          'entry ml-latest-small/movies.csv cannot be extracted',
      );
      expect(await readdir(cacheDir)).toEqual([]);
    });
  });

  it('rejects a download whose sha256 differs from MOVIELENS_SHA256', async () => {
    const wrong = 'ab'.repeat(32);
    await withTempDir(async (cacheDir) => {
      await expect(
        loadMovieLens({ cacheDir, url: server.url(), env: { MOVIELENS_SHA256: wrong } }),
      ).rejects.toThrow(
        `The file downloaded from ${server.url()} has sha256 ${sha256(goodZip)} but ` +
          `MOVIELENS_SHA256 is ${wrong}; the download was rejected`,
      );
      expect(await readdir(cacheDir)).toEqual([]);
    });
  });

  it('accepts a download matching MOVIELENS_SHA256 and re-downloads a cache that does not', async () => {
    await withTempDir(async (cacheDir) => {
      const other = buildZip(generateSyntheticMovieLens({ ...OPTIONS, seed: 12 }).files);
      server.zip = other;
      await loadMovieLens({ cacheDir, url: server.url(), env: {} });

      server.zip = goodZip;
      const before = server.requests;
      const env = { MOVIELENS_SHA256: sha256(goodZip).toUpperCase() };
      const data = await loadMovieLens({ cacheDir, url: server.url(), env });
      expect(server.requests).toBe(before + 1);
      expect(data.ratings).toEqual(expected.ratings);
      await loadMovieLens({ cacheDir, url: server.url(), env });
      expect(server.requests).toBe(before + 1);
    });
  });

  it('rejects a MOVIELENS_SHA256 that is not a sha256', async () => {
    await withTempDir(async (cacheDir) => {
      await expect(
        loadMovieLens({ cacheDir, url: server.url(), env: { MOVIELENS_SHA256: 'abc' } }),
      ).rejects.toThrow('MOVIELENS_SHA256 must be 64 hexadecimal digits (a sha256), got "abc"');
    });
  });

  it('explains an HTTP error and suggests MOVIELENS_DIR', async () => {
    await withTempDir(async (cacheDir) => {
      const url = server.url('/gone.zip');
      await expect(loadMovieLens({ cacheDir, url, env: {} })).rejects.toThrow(
        new MovieLensSourceError(
          `Could not download MovieLens from ${url}: the server answered HTTP 404 Not Found. ` +
            'Without internet access, set MOVIELENS_DIR to a folder or .zip holding ' +
            'ml-latest-small (ratings.csv, movies.csv, links.csv).',
        ),
      );
    });
  });

  it('explains an unreachable server and suggests MOVIELENS_DIR', async () => {
    const closed = new ZipServer();
    await closed.start();
    const url = closed.url();
    await closed.stop();
    await withTempDir(async (cacheDir) => {
      const error = await loadMovieLens({ cacheDir, url, env: {} }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MovieLensSourceError);
      const message = (error as Error).message;
      expect(message).toContain(`Could not download MovieLens from ${url}: fetch failed`);
      expect(message).toContain('ECONNREFUSED');
      expect(message).toContain('set MOVIELENS_DIR');
      expect(await readdir(cacheDir)).toEqual([]);
    });
  });

  it('does not download when a source is given', async () => {
    await withTempDir(async (dir) => {
      const zipPath = join(dir, 'local.zip');
      await writeFile(zipPath, goodZip);
      const before = server.requests;
      const data = await loadMovieLens({
        source: zipPath,
        cacheDir: dir,
        url: server.url(),
        env: {},
      });
      expect(data.source).toBe(zipPath);
      expect(server.requests).toBe(before);
    });
  });
});
