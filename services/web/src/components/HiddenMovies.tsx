'use client';

import type { Movie } from '@marquee/contracts';
import { useNotInterestedActions, useNotInterestedList } from '../hooks/useNotInterested';
import { errorMessage } from '../lib/queries';
import { ListedMovieRow } from './ListedMovieRow';
import { RetryButton } from './RetryButton';
import page from './ListPage.module.css';

/**
 * The movies the user marked "not interested", each with "Show again" (the mark undone: the
 * movie may be recommended again).
 */
export function HiddenMovies() {
  const list = useNotInterestedList();
  const items = list.data?.items ?? [];

  return (
    <section className={page.section} aria-labelledby="hidden-heading" data-testid="hidden-films">
      <div>
        <h2 id="hidden-heading" className={page.title}>
          Not interested
        </h2>
        <p className={page.lede}>
          Films you hid from your recommendations. Show one again and it may be picked for you.
        </p>
      </div>
      {list.isPending && (
        <p className={page.message} aria-busy="true">
          Loading the films you hid…
        </p>
      )}
      {list.isError && (
        <div className={page.error} role="alert">
          <p>{errorMessage(list.error, 'Could not load them.')}</p>
          <RetryButton onRetry={() => void list.refetch()} />
        </div>
      )}
      {list.isSuccess && items.length === 0 && (
        <p className={page.message} data-testid="hidden-films-empty">
          You have not hidden any film.
        </p>
      )}
      {items.length > 0 && (
        <ul className={page.list}>
          {items.map(({ movie }) => (
            <HiddenRow key={movie.id} movie={movie} />
          ))}
        </ul>
      )}
    </section>
  );
}

function HiddenRow({ movie }: { movie: Movie }) {
  const { undo } = useNotInterestedActions();
  return (
    <ListedMovieRow
      movie={movie}
      testId="hidden-film"
      action={{
        label: 'Show again',
        ariaLabel: (title) => `Show ${title} in your recommendations again`,
        testId: 'show-again-button',
        failure: 'Could not show it again.',
        run: () => undo(movie.id),
      }}
    />
  );
}
