import type { Movie } from '@marquee/contracts';

// Hues for the MovieLens genres; any other genre gets a hue derived from its name.
const GENRE_HUES: Readonly<Record<string, number>> = {
  Action: 8,
  Adventure: 28,
  Animation: 48,
  Children: 95,
  Comedy: 42,
  Crime: 350,
  Documentary: 180,
  Drama: 265,
  Fantasy: 290,
  'Film-Noir': 220,
  Horror: 0,
  IMAX: 200,
  Musical: 320,
  Mystery: 245,
  Romance: 335,
  'Sci-Fi': 190,
  Thriller: 210,
  War: 75,
  Western: 25,
};

const NEUTRAL_HUE = 230;

/** How far a title may shift its genre's hue, so movies of one genre do not look identical. */
export const TITLE_HUE_SHIFT = 12;

function stringHash(text: string, modulo: number): number {
  let hash = 0;
  for (const char of text) hash = (hash * 31 + (char.codePointAt(0) ?? 0)) % modulo;
  return hash;
}

export function genreHue(genre: string): number {
  return GENRE_HUES[genre] ?? stringHash(genre, 360);
}

/**
 * Two colours for a poster placeholder's gradient: the hues of the movie's first two genres,
 * nudged a little by the title.
 */
export function placeholderColors(genres: readonly string[], title = ''): [string, string] {
  const [first, second] = genres.map(genreHue);
  const shift = title ? stringHash(title, 2 * TITLE_HUE_SHIFT + 1) - TITLE_HUE_SHIFT : 0;
  const from = ((first ?? NEUTRAL_HUE) + shift + 360) % 360;
  const to = ((second ?? (first ?? NEUTRAL_HUE) + 40) + shift + 360) % 360;
  return [`hsl(${from} 55% 38%)`, `hsl(${to} 60% 18%)`];
}

/** "Drama · Romance": the placeholder's tagline, at most two genres; '' when none is listed. */
export function placeholderGenres(genres: readonly string[]): string {
  return genres
    .filter((g) => g !== '(no genres listed)')
    .slice(0, 2)
    .join(' · ');
}

/** MovieLens writes "Shawshank Redemption, The"; show "The Shawshank Redemption". */
export function displayTitle(title: string): string {
  const match = /^(.*), (The|A|An)( \(.*\))?$/.exec(title.trim());
  if (!match) return title.trim();
  const [, rest, article, suffix] = match;
  return `${article} ${rest}${suffix ?? ''}`;
}

export function yearLabel(movie: Pick<Movie, 'year'>): string {
  return movie.year === null ? 'Year unknown' : String(movie.year);
}

/** The address of a film's page. */
export function filmPath(movieId: number): string {
  return `/films/${movieId}`;
}
