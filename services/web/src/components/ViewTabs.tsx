'use client';

import { useRef, type KeyboardEvent } from 'react';
import styles from './ViewTabs.module.css';

export type View = 'rate' | 'search' | 'ratings' | 'watchlist';

const VIEWS: { id: View; label: string }[] = [
  { id: 'rate', label: 'Rate films' },
  { id: 'search', label: 'Search' },
  { id: 'ratings', label: 'My ratings' },
  { id: 'watchlist', label: 'Watchlist' },
];

interface ViewTabsProps {
  view: View;
  ratedCount: number;
  watchlistCount: number;
  onChange: (view: View) => void;
}

/** The page's views as ARIA tabs: arrows, Home and End move between them. */
export function ViewTabs({ view, ratedCount, watchlistCount, onChange }: ViewTabsProps) {
  const refs = useRef(new Map<View, HTMLButtonElement>());

  function handleKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const index = VIEWS.findIndex((v) => v.id === view);
    const last = VIEWS.length - 1;
    const next =
      event.key === 'ArrowRight'
        ? (index + 1) % VIEWS.length
        : event.key === 'ArrowLeft'
          ? (index + last) % VIEWS.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    const target = VIEWS[next] as (typeof VIEWS)[number];
    onChange(target.id);
    refs.current.get(target.id)?.focus();
  }

  return (
    <div className={styles.tabs} role="tablist" aria-label="Sections" onKeyDown={handleKeyDown}>
      {VIEWS.map(({ id, label }) => (
        <button
          key={id}
          ref={(node) => {
            if (node) refs.current.set(id, node);
            else refs.current.delete(id);
          }}
          id={`tab-${id}`}
          type="button"
          role="tab"
          aria-selected={view === id}
          aria-controls={`panel-${id}`}
          tabIndex={view === id ? 0 : -1}
          className={styles.tab}
          onClick={() => onChange(id)}
          data-testid={`tab-${id}`}
        >
          {label}
          {id === 'ratings' && ratedCount > 0 && (
            <span className={styles.count} aria-label={`(${ratedCount})`}>
              {ratedCount}
            </span>
          )}
          {id === 'watchlist' && watchlistCount > 0 && (
            <span
              className={styles.count}
              aria-label={`(${watchlistCount})`}
              data-testid="watchlist-count"
            >
              {watchlistCount}
            </span>
          )}
        </button>
      ))}
    </div>
  );
}
