/**
 * Titles as keys for matching a film by title and year across sites: MovieLens writes "Matrix,
 * The" and "City of Lost Children, The (Cité des enfants perdus, La)", Letterboxd "The Matrix"
 * and "The City of Lost Children". A key puts a trailing article back in front and drops
 * accents, case and punctuation ("&" reads as "and"). A loose key also drops a leading English
 * article, for a site that leaves it out: it is tried only when the exact key finds nothing.
 */

/** Articles MovieLens moves to the end ("Matrix, The"), in the languages it does so. */
const ARTICLES = [
  'the',
  'a',
  'an',
  'la',
  'le',
  'les',
  "l'",
  'el',
  'los',
  'las',
  'il',
  'lo',
  'gli',
  'i',
  'der',
  'die',
  'das',
  'ein',
  'eine',
  'un',
  'une',
  'una',
  'uno',
  'o',
  'os',
  'as',
  'de',
  'het',
  'en',
  'et',
];
const TRAILING_ARTICLE = new RegExp(`^(.*),\\s*(${ARTICLES.join('|')})$`, 'i');
const LEADING_ENGLISH_ARTICLE = /^(the|a|an) /;

/** The matching key of one title: "Matrix, The" and "The Matrix!" both give "the matrix". */
export function titleKey(title: string, loose = false): string {
  let t = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[’`´]/g, "'")
    .replace(/&/g, ' and ')
    .trim();
  const trailing = TRAILING_ARTICLE.exec(t);
  if (trailing) t = `${trailing[2]}${trailing[2]!.endsWith("'") ? '' : ' '}${trailing[1]}`;
  t = t
    .replace(/'/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
  return loose ? t.replace(LEADING_ENGLISH_ARTICLE, '') : t;
}

/**
 * Every title a catalogue film answers to: its title, and each parenthesised alternative
 * ("Seven (a.k.a. Se7en)", "City of Lost Children, The (Cité des enfants perdus, La)").
 */
export function catalogueTitles(title: string): string[] {
  const alternatives = [...title.matchAll(/\(([^()]+)\)/g)].map((m) =>
    m[1]!.replace(/^a\.k\.a\.\s*/i, ''),
  );
  const main = title.replace(/\s*\([^()]*\)/g, '').trim();
  return [main, ...alternatives].filter((t) => t !== '');
}
