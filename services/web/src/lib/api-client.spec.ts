import type { ServerResponse } from 'node:http';
import { TestServer } from '../testing/test-server';
import type { Movie } from '@marquee/contracts';
import {
  ApiClientError,
  createApiClient,
  isAbortError,
  NETWORK_ERROR_STATUS,
  parseRetryAfter,
} from './api-client';

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

const toyStory: Movie = {
  id: 1,
  title: 'Toy Story',
  year: 1995,
  genres: ['Animation', 'Comedy'],
  posterUrl: null,
};

async function caught(promise: Promise<unknown>): Promise<ApiClientError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof ApiClientError) return err;
    throw err;
  }
  throw new Error('expected the call to fail');
}

describe('api client', () => {
  const server = new TestServer();
  let baseUrl = '';

  beforeAll(async () => {
    baseUrl = await server.start();
  });
  afterAll(() => server.stop());
  beforeEach(() => {
    server.requests.length = 0;
  });

  it('GETs a movie sample with the requested count', async () => {
    server.handler = (_req, res) => json(res, 200, { movies: [toyStory] });
    const client = createApiClient({ baseUrl });

    await expect(client.getMovieSample(7)).resolves.toEqual({ movies: [toyStory] });
    expect(server.requests).toEqual([
      expect.objectContaining({ method: 'GET', url: '/api/movies/sample?count=7', body: '' }),
    ]);
  });

  it('PUTs a rating as JSON and returns the saved rating', async () => {
    server.handler = (req, res) => json(res, 200, { movieId: 1, ...JSON.parse(req.body) });
    const client = createApiClient({ baseUrl: `${baseUrl}/` });

    await expect(client.rateMovie(1, 3.5)).resolves.toEqual({ movieId: 1, rating: 3.5 });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'PUT', url: '/api/ratings/1' });
    expect(request?.contentType).toBe('application/json');
    expect(JSON.parse(request?.body ?? '')).toEqual({ rating: 3.5 });
  });

  it('DELETEs a rating and accepts an empty 204 answer', async () => {
    server.handler = (_req, res) => res.writeHead(204).end();
    const client = createApiClient({ baseUrl });

    await expect(client.deleteRating(42)).resolves.toBeUndefined();
    expect(server.requests[0]).toMatchObject({ method: 'DELETE', url: '/api/ratings/42' });
  });

  it('POSTs a skip and returns the replacement, which may be null', async () => {
    const client = createApiClient({ baseUrl });
    server.handler = (_req, res) => json(res, 201, { replacement: toyStory });
    await expect(client.skipMovie(5)).resolves.toEqual({ replacement: toyStory });
    server.handler = (_req, res) => json(res, 201, { replacement: null });
    await expect(client.skipMovie(6)).resolves.toEqual({ replacement: null });

    expect(server.requests.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
      ['POST', '/api/skips', { movieId: 5 }],
      ['POST', '/api/skips', { movieId: 6 }],
    ]);
  });

  it('GETs ratings and recommendations', async () => {
    server.handler = (req, res) =>
      req.url === '/api/ratings'
        ? json(res, 200, { ratings: [{ movie: toyStory, rating: 4, ratedAt: 'x' }] })
        : json(res, 200, { modelVersion: 3, items: [{ movie: toyStory, predictedRating: 4.2 }] });
    const client = createApiClient({ baseUrl });

    const ratings = await client.getRatings();
    const recommendations = await client.getRecommendations(4);

    expect(ratings.ratings[0]?.rating).toBe(4);
    expect(recommendations.modelVersion).toBe(3);
    expect(server.requests.map((r) => r.url)).toEqual([
      '/api/ratings',
      '/api/recommendations?count=4',
    ]);
  });

  it('searches titles with the query encoded and the limit', async () => {
    server.handler = (_req, res) => json(res, 200, { query: 'Amélie & co', movies: [toyStory] });
    const client = createApiClient({ baseUrl });

    const result = await client.searchMovies('Amélie & co', { limit: 5 });
    expect(result.movies).toEqual([toyStory]);
    const url = new URL(server.requests[0]?.url ?? '', baseUrl);
    expect(url.pathname).toBe('/api/movies/search');
    expect(url.searchParams.get('q')).toBe('Amélie & co');
    expect(url.searchParams.get('limit')).toBe('5');
  });

  it('rejects an aborted search with an AbortError, not an ApiClientError', async () => {
    server.handler = () => undefined; // never answers
    const controller = new AbortController();
    const search = createApiClient({ baseUrl }).searchMovies('heat', { signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    const error = await search.catch((err: unknown) => err);
    expect(isAbortError(error)).toBe(true);
    expect(error).not.toBeInstanceOf(ApiClientError);
  });

  it('POSTs a profile reset and GETs the model list', async () => {
    server.handler = (req, res) =>
      req.url === '/api/profile/reset'
        ? json(res, 200, { deleted: { ratings: 3, skips: 1 } })
        : json(res, 200, { versions: [] });
    const client = createApiClient({ baseUrl });

    await expect(client.resetProfile()).resolves.toEqual({ deleted: { ratings: 3, skips: 1 } });
    await expect(client.getModels()).resolves.toEqual({ versions: [] });
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', '/api/profile/reset'],
      ['GET', '/api/models'],
    ]);
  });

  it('GETs the training progress', async () => {
    server.handler = (_req, res) => json(res, 200, { training: null });
    await expect(createApiClient({ baseUrl }).getTrainingProgress()).resolves.toEqual({
      training: null,
    });
    expect(server.requests.map((r) => [r.method, r.url])).toEqual([
      ['GET', '/api/models/training'],
    ]);
  });

  it("throws the server's status, message and details on an ApiError answer", async () => {
    server.handler = (_req, res) =>
      json(res, 400, {
        statusCode: 400,
        error: 'Bad Request',
        message: 'Invalid rating',
        details: ['rating: rating must be a multiple of 0.5'],
      });
    const client = createApiClient({ baseUrl });

    const error = await caught(client.rateMovie(1, 3.3));
    expect(error).toBeInstanceOf(ApiClientError);
    expect(error).toMatchObject({
      status: 400,
      message: 'Invalid rating',
      error: 'Bad Request',
      details: ['rating: rating must be a multiple of 0.5'],
      isNetworkError: false,
    });
  });

  it('reports 503 with the message while no model is ready', async () => {
    server.handler = (_req, res) =>
      json(res, 503, {
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'The first model is still training',
      });
    const error = await caught(createApiClient({ baseUrl }).getRecommendations());
    expect(error.status).toBe(503);
    expect(error.message).toBe('The first model is still training');
  });

  it("keeps the gateway's error code and its Retry-After delay", async () => {
    server.handler = (_req, res) =>
      res.writeHead(503, { 'content-type': 'application/json', 'retry-after': '3' }).end(
        JSON.stringify({
          statusCode: 503,
          error: 'Service Unavailable',
          code: 'DATABASE_UNAVAILABLE',
          message: 'The database is not answering',
        }),
      );
    const error = await caught(createApiClient({ baseUrl }).rateMovie(1, 4));
    expect(error).toMatchObject({ status: 503, code: 'DATABASE_UNAVAILABLE', retryAfterMs: 3000 });
  });

  it('turns a non-JSON error body into a message naming the status', async () => {
    server.handler = (_req, res) => res.writeHead(502).end('Bad Gateway');
    const error = await caught(createApiClient({ baseUrl }).getRatings());
    expect(error.status).toBe(502);
    expect(error.message).toContain('HTTP 502');
  });

  it('reports an unreadable success body as an error', async () => {
    server.handler = (_req, res) => res.writeHead(200).end('<html>');
    const error = await caught(createApiClient({ baseUrl }).getRatings());
    expect(error.status).toBe(200);
    expect(error.message).toMatch(/could not read/);
  });

  it('reports a refused connection as a network error', async () => {
    const closed = new TestServer();
    const closedUrl = await closed.start();
    await closed.stop();

    const error = await caught(createApiClient({ baseUrl: closedUrl }).getRatings());
    expect(error.status).toBe(NETWORK_ERROR_STATUS);
    expect(error.isNetworkError).toBe(true);
    expect(error.message).toMatch(/Could not reach the server/);
  });

  it('gives up on a server that does not answer in time', async () => {
    server.handler = () => undefined; // never answers; stop() closes the connection
    const error = await caught(createApiClient({ baseUrl, timeoutMs: 150 }).getRecommendations());
    expect(error.isNetworkError).toBe(true);
    expect(error.message).toMatch(/too long/);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates, and nothing else', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});
