import Link from 'next/link';
import type { ReactNode } from 'react';
import type { Movie } from '@marquee/contracts';
import { displayTitle, filmPath, yearLabel } from '../lib/movie-display';
import { GenreChips } from './GenreChips';
import shared from './shared.module.css';

interface RowFilmDetailsProps {
  movie: Movie;
  /** The heading's id, which the row's article is labelled by. */
  headingId: string;
  /** Shown under the genres (a row's error). */
  children?: ReactNode;
}

/** A film's linked title, year and genres in a row of a list (my ratings, watchlist, hidden). */
export function RowFilmDetails({ movie, headingId, children }: RowFilmDetailsProps) {
  return (
    <div className={shared.rowDetails}>
      <h3 id={headingId} className={shared.rowFilmTitle}>
        <Link href={filmPath(movie.id)} className="title-link">
          {displayTitle(movie.title)}
        </Link>
      </h3>
      <p className={shared.rowFilmYear}>{yearLabel(movie)}</p>
      <GenreChips genres={movie.genres} />
      {children}
    </div>
  );
}
