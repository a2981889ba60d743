'use client';

import type { Movie } from '@marquee/contracts';
import type { Watchlist } from '../hooks/useWatchlist';
import { ListedMovieRow } from './ListedMovieRow';
import { RetryButton } from './RetryButton';
import page from './ListPage.module.css';

/** The Watchlist tab: movies saved for later, newest first, each removable. */
export function WatchlistView({ watchlist }: { watchlist: Watchlist }) {
  const { load, items } = watchlist;
  return (
    <section className={page.section} aria-labelledby="watchlist-heading">
      <div>
        <h2 id="watchlist-heading" className={page.title}>
          Watchlist
        </h2>
        <p className={page.lede}>
          Films you saved to watch later. They are not recommended while they are here; rate one
          once you have seen it and it leaves the list.
        </p>
      </div>
      {load.kind === 'loading' && (
        <p className={page.message} aria-busy="true">
          Loading your watchlist…
        </p>
      )}
      {load.kind === 'error' && (
        <div className={page.error} role="alert">
          <p>{load.message}</p>
          <RetryButton onRetry={watchlist.reload} />
        </div>
      )}
      {load.kind === 'ready' && items.length === 0 && (
        <p className={page.message} data-testid="watchlist-empty">
          Your watchlist is empty. Save a recommended film with its “Watchlist” button.
        </p>
      )}
      {items.length > 0 && (
        <ul className={page.list} data-testid="watchlist">
          {items.map(({ movie }) => (
            <WatchlistRow key={movie.id} movie={movie} watchlist={watchlist} />
          ))}
        </ul>
      )}
    </section>
  );
}

function WatchlistRow({ movie, watchlist }: { movie: Movie; watchlist: Watchlist }) {
  return (
    <ListedMovieRow
      movie={movie}
      testId="watchlist-item"
      disabled={watchlist.busy.has(movie.id)}
      action={{
        label: 'Remove',
        ariaLabel: (title) => `Remove ${title} from your watchlist`,
        testId: 'watchlist-remove-button',
        failure: 'Could not remove it.',
        run: () => watchlist.remove(movie.id),
      }}
    />
  );
}
