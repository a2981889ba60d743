import type { RecommendationSource } from '@marquee/contracts';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * When a list was made, as the user's clock shows it: "14:05" today, "3 May, 14:05" on another
 * day; null for a time that does not parse.
 */
export function madeAtLabel(iso: string, now: Date = new Date()): string | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const sameDay =
    at.getFullYear() === now.getFullYear() &&
    at.getMonth() === now.getMonth() &&
    at.getDate() === now.getDate();
  if (sameDay) return time;
  const day = at.toLocaleDateString('en-GB', { day: 'numeric', month: 'short' });
  return `${day}, ${time}`;
}

/**
 * The calm note above a list the recommender did not make for this request: the user's last
 * list, or popular movies. Null for a list from the model (nothing to say).
 */
export function sourceNote(
  source: RecommendationSource | undefined,
  now: Date = new Date(),
): string | null {
  switch (source?.kind) {
    case 'last': {
      const made = madeAtLabel(source.at, now);
      const filled = source.popular > 0 ? ' and popular films' : '';
      return `Showing your last recommendations${made ? ` (from ${made})` : ''}${filled} — the recommender is busy`;
    }
    case 'popular':
      return 'Showing popular films while the recommender is unavailable';
    default:
      return null;
  }
}
