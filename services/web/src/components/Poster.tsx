'use client';

import { useState } from 'react';
import type { Movie } from '@marquee/contracts';
import { displayTitle, placeholderColors } from '../lib/movie-display';
import styles from './Poster.module.css';

/** The film's poster, or a typeset placeholder in its genres' colours when there is none. */
export function Poster({ movie }: { movie: Movie }) {
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
      />
    );
  }

  const [from, to] = placeholderColors(movie.genres, movie.title);
  return (
    <div
      className={`${styles.poster} ${styles.placeholder}`}
      style={{ backgroundImage: `linear-gradient(160deg, ${from}, ${to})` }}
      aria-hidden="true"
      data-testid="poster-placeholder"
    >
      <span className={styles.placeholderTitle}>{title}</span>
      {movie.year !== null && <span className={styles.placeholderYear}>{movie.year}</span>}
    </div>
  );
}
