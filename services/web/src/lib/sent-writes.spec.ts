import type {
  Movie,
  MovieDetailsResponse,
  MovieSampleResponse,
  RatingsListResponse,
  WatchlistResponse,
} from '@marquee/contracts';
import { createQueryClient, queryKeys } from './queries';
import { applySentWrite } from './sent-writes';

const film = (id: number): Movie => ({
  id,
  title: `Film ${id}`,
  year: 2000,
  genres: ['Drama'],
  posterUrl: null,
});
const NOW = new Date('2026-12-07T01:00:00.000Z');

function seeded() {
  const client = createQueryClient();
  client.setQueryData<RatingsListResponse>(queryKeys.ratings, {
    ratings: [{ movie: film(1), rating: 3, ratedAt: '2026-12-01T00:00:00.000Z' }],
  });
  client.setQueryData<WatchlistResponse>(queryKeys.watchlist, {
    items: [{ movie: film(2), addedAt: '2026-12-01T00:00:00.000Z' }],
  });
  client.setQueryData<MovieSampleResponse>(queryKeys.sample, { movies: [film(5), film(6)] });
  client.setQueryData<MovieDetailsResponse>(queryKeys.movie(2), {
    movie: film(2),
    rating: null,
    list: 'watchlist',
  });
  client.setQueryData(queryKeys.recommendationsFor({}), { items: [] });
  return client;
}

describe('applySentWrite', () => {
  it('adds a new rating first, takes the film off the watchlist and updates its details', () => {
    const client = seeded();
    applySentWrite(client, { kind: 'rate', movie: film(2), rating: 4.5 }, null, NOW);
    expect(client.getQueryData<RatingsListResponse>(queryKeys.ratings)?.ratings).toEqual([
      { movie: film(2), rating: 4.5, ratedAt: NOW.toISOString() },
      { movie: film(1), rating: 3, ratedAt: '2026-12-01T00:00:00.000Z' },
    ]);
    expect(client.getQueryData<WatchlistResponse>(queryKeys.watchlist)?.items).toEqual([]);
    expect(client.getQueryData(queryKeys.movie(2))).toEqual({
      movie: film(2),
      rating: 4.5,
      list: null,
    });
    // Recommendations are stale (read again when next shown), not dropped.
    const recommendations = client.getQueryState(queryKeys.recommendationsFor({}));
    expect(recommendations?.isInvalidated).toBe(true);
    expect(recommendations?.data).toEqual({ items: [] });
  });

  it('changes a rating in place and removes one that was cleared', () => {
    const client = seeded();
    applySentWrite(client, { kind: 'rate', movie: film(1), rating: 2 }, null, NOW);
    expect(client.getQueryData<RatingsListResponse>(queryKeys.ratings)?.ratings).toEqual([
      { movie: film(1), rating: 2, ratedAt: '2026-12-01T00:00:00.000Z' },
    ]);
    applySentWrite(client, { kind: 'unrate', movie: film(1) }, null, NOW);
    expect(client.getQueryData<RatingsListResponse>(queryKeys.ratings)?.ratings).toEqual([]);
  });

  it('puts the replacement of a skipped film in its place, or drops it when none came', () => {
    const client = seeded();
    applySentWrite(client, { kind: 'skip', movie: film(5) }, { replacement: film(7) }, NOW);
    expect(client.getQueryData<MovieSampleResponse>(queryKeys.sample)?.movies).toEqual([
      film(7),
      film(6),
    ]);
    // A replacement already shown is not shown twice.
    applySentWrite(client, { kind: 'skip', movie: film(7) }, { replacement: film(6) }, NOW);
    expect(client.getQueryData<MovieSampleResponse>(queryKeys.sample)?.movies).toEqual([film(6)]);
  });

  it('leaves answers that were never read alone', () => {
    const client = createQueryClient();
    applySentWrite(client, { kind: 'rate', movie: film(3), rating: 5 }, null, NOW);
    expect(client.getQueryData(queryKeys.ratings)).toBeUndefined();
    expect(client.getQueryData(queryKeys.movie(3))).toBeUndefined();
  });
});
