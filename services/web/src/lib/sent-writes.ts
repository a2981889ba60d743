import type { QueryClient } from '@tanstack/react-query';
import type {
  MovieDetailsResponse,
  MovieSampleResponse,
  NotInterestedResponse,
  RatingsListResponse,
  WatchlistResponse,
} from '@marquee/contracts';
import type { PendingWrite, WriteResponse } from './pending-writes';
import { queryKeys } from './queries';

/**
 * What a write the gateway took changes in the page's cached answers: the ratings list, the
 * lists a rated film leaves (the gateway takes it off both), the film's own details, the films
 * offered for rating (a skipped one gives way to another). Answers that depend on the user's
 * ratings as a whole (recommendations, the model's word on a film) are marked stale: they are
 * read again the next time a view shows them, never swapped under the user's pointer.
 */
export function applySentWrite(
  client: QueryClient,
  write: PendingWrite,
  response: WriteResponse,
  now: Date = new Date(),
): void {
  const movieId = write.movie.id;
  if (write.kind === 'skip') {
    const replacement = response?.replacement ?? null;
    client.setQueryData<MovieSampleResponse>(queryKeys.sample, (previous) => {
      if (!previous) return previous;
      const index = previous.movies.findIndex((m) => m.id === movieId);
      if (index < 0) return previous;
      const movies = [...previous.movies];
      if (replacement && !previous.movies.some((m) => m.id === replacement.id)) {
        movies[index] = replacement;
      } else {
        movies.splice(index, 1);
      }
      return { movies };
    });
    return;
  }

  client.setQueryData<RatingsListResponse>(queryKeys.ratings, (previous) => {
    if (!previous) return previous;
    const others = previous.ratings.filter((r) => r.movie.id !== movieId);
    if (write.kind === 'unrate') return { ratings: others };
    const existing = previous.ratings.find((r) => r.movie.id === movieId);
    if (existing) {
      return {
        ratings: previous.ratings.map((r) =>
          r.movie.id === movieId ? { ...r, rating: write.rating } : r,
        ),
      };
    }
    return {
      ratings: [
        { movie: write.movie, rating: write.rating, ratedAt: now.toISOString() },
        ...others,
      ],
    };
  });
  client.setQueryData<MovieDetailsResponse>(queryKeys.movie(movieId), (previous) =>
    previous
      ? {
          ...previous,
          rating: write.kind === 'rate' ? write.rating : null,
          list: write.kind === 'rate' ? null : previous.list,
        }
      : previous,
  );
  if (write.kind === 'rate') {
    client.setQueryData<WatchlistResponse>(
      queryKeys.watchlist,
      (previous) => previous && { items: previous.items.filter((i) => i.movie.id !== movieId) },
    );
    client.setQueryData<NotInterestedResponse>(
      queryKeys.notInterested,
      (previous) => previous && { items: previous.items.filter((i) => i.movie.id !== movieId) },
    );
  }
  void client.invalidateQueries({ queryKey: queryKeys.recommendations, refetchType: 'none' });
  void client.invalidateQueries({
    predicate: (query) => query.queryKey[0] === 'movie' && query.queryKey[2] === 'for-me',
    refetchType: 'none',
  });
}
