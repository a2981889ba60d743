'use client';

import { useWatchlist } from '../hooks/useWatchlist';
import { HiddenMovies } from './HiddenMovies';
import { PageMain } from './PageMain';
import { WatchlistView } from './WatchlistView';

/** /watchlist: films saved for later, and the films hidden as "not interested". */
export function WatchlistPage() {
  const watchlist = useWatchlist();
  return (
    <PageMain>
      <WatchlistView watchlist={watchlist} />
      <HiddenMovies />
    </PageMain>
  );
}
