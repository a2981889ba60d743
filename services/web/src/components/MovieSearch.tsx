'use client';

import { useId, useState } from 'react';
import { useSearchParams } from 'next/navigation';
import { useMovieSearch } from '../hooks/useMovieSearch';
import { useRatings } from '../hooks/useRatings';
import { MovieRow } from './MovieRow';
import { RetryButton } from './RetryButton';
import styles from './MovieSearch.module.css';

/** The address of the search for `input`: /search?q=…, or /search for none. */
export function searchPath(input: string): string {
  return input === '' ? '/search' : `/search?${new URLSearchParams({ q: input })}`;
}

/** Find a movie by title and rate it. The query is kept in the address (/search?q=…). */
export function MovieSearch() {
  const { ratings } = useRatings();
  const initial = useSearchParams().get('q') ?? '';
  const [input, setInput] = useState(initial);
  const { state, retry } = useMovieSearch(input);
  const inputId = useId();
  const hintId = useId();

  return (
    <section className={styles.section} aria-labelledby="search-heading">
      <h2 id="search-heading" className={styles.heading}>
        Find a film you have seen
      </h2>
      <form className={styles.form} role="search" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor={inputId} className={styles.label}>
          Title
        </label>
        <input
          id={inputId}
          className={styles.input}
          type="search"
          value={input}
          onChange={(e) => {
            setInput(e.target.value);
            // The address follows the typing without a navigation (Next keeps its params in step).
            window.history.replaceState(null, '', searchPath(e.target.value));
          }}
          placeholder="e.g. Amélie, the matrix, toy story"
          autoComplete="off"
          spellCheck={false}
          aria-describedby={hintId}
          data-testid="search-input"
        />
        <p id={hintId} className={styles.hint}>
          Accents and capitals do not matter; words can come in any order.
        </p>
      </form>

      <div aria-live="polite" aria-busy={state.kind === 'loading'} data-testid="search-results">
        {state.kind === 'loading' && <p className={styles.message}>Searching…</p>}
        {state.kind === 'error' && (
          <div className={styles.error} role="alert">
            <p>
              Could not search for “{state.query}”: {state.message}
            </p>
            <RetryButton onRetry={retry} />
          </div>
        )}
        {state.kind === 'ready' && state.movies.length === 0 && (
          <p className={styles.message} data-testid="search-empty">
            No film matches “{state.query}”. Try fewer or different words.
          </p>
        )}
        {state.kind === 'ready' && state.movies.length > 0 && (
          <>
            <p className="visually-hidden">
              {state.movies.length} {state.movies.length === 1 ? 'film matches' : 'films match'} “
              {state.query}”
            </p>
            <ul className={styles.list}>
              {state.movies.map((movie) => (
                <MovieRow
                  key={movie.id}
                  movie={movie}
                  rating={ratings.get(movie.id) ?? null}
                  testId="search-result"
                />
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}
