/**
 * Titles as keys for matching a film by title and year across sites: MovieLens writes "Matrix,
 * The" and "City of Lost Children, The (Cité des enfants perdus, La)", Letterboxd "The Matrix"
 * and "The City of Lost Children". A key drops accents, case, punctuation and a leading or
 * trailing article, and "&" reads as "and".
 */

/** Articles MovieLens moves to the end ("Matrix, The"), in the languages it does so. */
const ARTICLES = [
  'the',
  'a',
  'an',
  'la',
  'le',
  'les',
  'l',
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
const TRAILING_ARTICLE = new RegExp(`,\\s*(${ARTICLES.join('|')})'?$`, 'i');
const LEADING_ARTICLE = new RegExp(`^(${ARTICLES.join('|')})(\\s+|'\\s*)`, 'i');

/** The matching key of one title: "Matrix, The" and "The Matrix!" both give "matrix". */
export function titleKey(title: string): string {
  let t = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .trim();
  t = t.replace(TRAILING_ARTICLE, '').trim();
  t = t.replace(LEADING_ARTICLE, '').trim();
  return t
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Every key a catalogue title answers to: the title, and each parenthesised alternative
 * ("Seven (a.k.a. Se7en)", "City of Lost Children, The (Cité des enfants perdus, La)").
 */
export function catalogueTitleKeys(title: string): string[] {
  const keys = new Set<string>();
  const alternatives = [...title.matchAll(/\(([^()]+)\)/g)].map((m) =>
    m[1]!.replace(/^a\.k\.a\.\s*/i, ''),
  );
  const main = title.replace(/\s*\([^()]*\)/g, '').trim();
  for (const t of [main, ...alternatives]) {
    const key = titleKey(t);
    if (key !== '') keys.add(key);
  }
  return [...keys];
}
