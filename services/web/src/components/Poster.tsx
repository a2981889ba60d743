'use client';

import { useState } from 'react';
import type { Movie } from '@marquee/contracts';
import { displayTitle, placeholderColors, placeholderGenres } from '../lib/movie-display';
import styles from './Poster.module.css';

interface PosterProps {
  movie: Movie;
  /** A thumbnail: the placeholder shows the title's initial only. */
  compact?: boolean;
}

/** The movie's poster, or a typeset placeholder in its genres' colours when there is none. */
export function Poster({ movie, compact = false }: PosterProps) {
  const [failed, setFailed] = useState(false);
  const title = displayTitle(movie.title);

  if (movie.posterUrl && !failed) {
    return (
      // Posters come from arbitrary hosts, so a plain <img> rather than next/image's optimiser.
      <img
        className={styles.poster}
        src={movie.posterUrl}
        alt={`Poster of ${title}`}
        loading="lazy"
        decoding="async"
        onError={() => setFailed(true)}
        data-testid="poster-image"
      />
    );
  }

  const [from, to] = placeholderColors(movie.genres, movie.title);
  const genres = placeholderGenres(movie.genres);
  return (
    <div
      className={`${styles.poster} ${styles.placeholder} ${compact ? styles.compact : ''}`}
      style={{ backgroundImage: `linear-gradient(160deg, ${from}, ${to})` }}
      aria-hidden="true"
      data-testid="poster-placeholder"
    >
      {compact ? (
        <span className={styles.initial}>{title.replace(/^(The|A|An) /, '').charAt(0)}</span>
      ) : (
        <>
          {genres && <span className={styles.placeholderGenres}>{genres}</span>}
          <span className={styles.placeholderTitle}>{title}</span>
          {movie.year !== null && <span className={styles.placeholderYear}>{movie.year}</span>}
        </>
      )}
    </div>
  );
}
