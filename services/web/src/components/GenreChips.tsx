import styles from './GenreChips.module.css';

const VISIBLE_GENRES = 3;

export function GenreChips({ genres }: { genres: readonly string[] }) {
  const shown = genres.filter((g) => g !== '(no genres listed)');
  if (shown.length === 0) return null;
  const visible = shown.slice(0, VISIBLE_GENRES);
  const hidden = shown.slice(VISIBLE_GENRES);
  return (
    <ul className={styles.chips} aria-label="Genres">
      {visible.map((genre) => (
        <li key={genre} className={styles.chip}>
          {genre}
        </li>
      ))}
      {hidden.length > 0 && (
        <li className={styles.chip} title={hidden.join(', ')}>
          <span aria-hidden="true">+{hidden.length}</span>
          <span className="visually-hidden">{hidden.join(', ')}</span>
        </li>
      )}
    </ul>
  );
}
