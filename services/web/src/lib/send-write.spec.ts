import type { Movie } from '@marquee/contracts';
import { ApiClientError, NETWORK_ERROR_STATUS } from './api-client';
import { classifyWriteError, sendWrite } from './send-write';

const heat: Movie = { id: 6, title: 'Heat', year: 1995, genres: ['Crime'], posterUrl: null };

function client() {
  return {
    rateMovie: jest.fn().mockResolvedValue({ movieId: 6, rating: 4 }),
    deleteRating: jest.fn().mockResolvedValue(undefined),
    skipMovie: jest.fn().mockResolvedValue({ replacement: null }),
  };
}

describe('sendWrite', () => {
  it('PUTs a rating, DELETEs a removal and POSTs a skip', async () => {
    const api = client();
    await expect(sendWrite(api, { kind: 'rate', movie: heat, rating: 4 })).resolves.toBeNull();
    await expect(sendWrite(api, { kind: 'unrate', movie: heat })).resolves.toBeNull();
    await expect(sendWrite(api, { kind: 'skip', movie: heat })).resolves.toEqual({
      replacement: null,
    });
    expect(api.rateMovie).toHaveBeenCalledWith(6, 4);
    expect(api.deleteRating).toHaveBeenCalledWith(6);
    expect(api.skipMovie).toHaveBeenCalledWith(6);
  });

  it('counts a removal of a rating the gateway does not have as done', async () => {
    const api = client();
    api.deleteRating.mockRejectedValueOnce(
      new ApiClientError(
        404,
        'You have not rated the film with id 6',
        'Not Found',
        undefined,
        'RATING_NOT_FOUND',
      ),
    );
    await expect(sendWrite(api, { kind: 'unrate', movie: heat })).resolves.toBeNull();
    api.deleteRating.mockRejectedValueOnce(
      new ApiClientError(
        404,
        'There is no film with id 6',
        'Not Found',
        undefined,
        'MOVIE_NOT_FOUND',
      ),
    );
    await expect(sendWrite(api, { kind: 'unrate', movie: heat })).rejects.toThrow(
      'There is no film with id 6',
    );
  });
});

describe('classifyWriteError', () => {
  it('retries when nothing answered, the gateway was down or busy; not when it refused', () => {
    const transient = (status: number) =>
      classifyWriteError(new ApiClientError(status, `HTTP ${status}`)).transient;
    expect([NETWORK_ERROR_STATUS, 408, 429, 500, 502, 503, 504].map(transient)).toEqual(
      Array(7).fill(true),
    );
    expect([400, 401, 403, 404, 409, 413].map(transient)).toEqual(Array(6).fill(false));
  });

  it("keeps the server's message and Retry-After", () => {
    const err = new ApiClientError(
      503,
      'The database is not answering',
      '',
      [],
      'DATABASE_UNAVAILABLE',
      2_000,
    );
    expect(classifyWriteError(err)).toEqual({
      transient: true,
      message: 'The database is not answering',
      retryAfterMs: 2_000,
    });
    expect(classifyWriteError(new TypeError('boom'))).toEqual({
      transient: false,
      message: 'boom',
    });
  });
});
