import { MAX_RATING, MIN_RATING, RATING_STEP } from '@marquee/contracts';
import { MOVIELENS_GENRES, NO_GENRES } from './dataset-files';
import { pick, randomInt } from './prng';
import { TasteChooser, type ChoiceMovie } from './synthetic-choice';
import type { MovieRecord } from './types';

type Genre = (typeof MOVIELENS_GENRES)[number];

/**
 * The kinds of movie the latent factors stand for, each named by a couple of genres (its main one
 * first). A movie's genres come mostly from its strongest factors, and the same factors drive
 * both which movies a user rates and how many stars they give, so genres carry taste as they do
 * in the real data: someone who likes Horror mostly rates Horror movies, and likes them. The
 * genres named by no factor turn up only now and then, as a movie's extra genre.
 */
const FACTOR_GENRES: readonly (readonly [Genre, Genre])[] = [
  ['Action', 'Adventure'],
  ['Comedy', 'Romance'],
  ['Drama', 'War'],
  ['Horror', 'Thriller'],
  ['Sci-Fi', 'Fantasy'],
  ['Children', 'Animation'],
];
const FACTORS = FACTOR_GENRES.length;
/**
 * How strongly taste sways which movies a user rates: the chance of rating a movie is
 * popularity × exp(TASTE × (user's factors · movie's factors)). At 4, a typical movie of a user's
 * favourite kind is about twenty times as likely as an equally popular movie of a kind they are
 * indifferent to, so about half of a user's ratings are of their favourite kind (a sixth of the
 * catalogue), yet popular movies of other kinds still get rated, as in the real data.
 */
const TASTE = 4;
/**
 * The base of every score, well below MovieLens's observed mean of 3.5: users mostly rate movies
 * of their favourite kind (see TASTE), which they like, and that lifts the mean of the ratings
 * written back to about 3.5.
 */
const GLOBAL_MEAN = 2.85;
const DAY = 86_400;

/** What differs between the small test sets and the release-shaped ones. */
export interface SyntheticProfile {
  /**
   * A movie's popularity (its chance of being rated before taste counts, relative to the others'),
   * from one uniform draw: a function of a random rank, so a power law of the rank.
   */
  popularity(random: () => number, movies: number): number;
  /** The base of every score (see GLOBAL_MEAN). */
  baseScore: number;
  /** A user's offset to every score they give: uniform in ±this. */
  userBias: number;
  /** A movie's offset to every score it gets: uniform in ±this. */
  movieBias: number;
  /** The noise added to a score before rounding: uniform in ±this. */
  noise: number;
  /**
   * The chooser proposes movies group by group (see TasteChooser); movies are grouped by their two
   * strongest factors, and each group split into this many bins by the strength of each of the
   * two. More bins: tighter bounds, fewer refused proposals, a little more setup per user.
   */
  groupBins: { primary: number; secondary: number };
  titleWords: { adjectives: readonly string[]; nouns: readonly string[] };
  year(random: () => number): number;
  /** Whether the movie at this position of movies.csv has no tmdbId in links.csv. */
  lacksTmdbId(index: number): boolean;
  /**
   * The share of users who give whole stars only (0: everyone uses half stars, and no random
   * draw is spent on it).
   */
  wholeStarUsers: number;
  /** A user's ratings fall within [first, first + span]; first is drawn per user. */
  timestamps(random: () => number, ratings: number): { first: number; span: number };
}

const FIRST_TIMESTAMP = 946684800; // 2000-01-01
const LAST_TIMESTAMP = 1535760000; // 2018-09-01

/**
 * The profile of generateSyntheticMovieLens: small catalogues for tests and demos, every quirk of
 * the real files present even in a few dozen movies. Its output must not change (tests elsewhere
 * rely on the exact data a seed gives).
 */
export const SMALL_PROFILE: SyntheticProfile = {
  popularity: (random, movies) => 1 / (1 + random() * movies) ** 0.8,
  baseScore: GLOBAL_MEAN,
  userBias: 0.6,
  movieBias: 0.8,
  noise: 0.3,
  groupBins: { primary: 1, secondary: 1 },
  titleWords: {
    adjectives: ['Silent', 'Broken', 'Golden', 'Last', 'Hidden', 'Crimson', 'Lost', 'Wild'],
    nouns: ['River', 'Summer', 'Empire', 'Stranger', 'Garden', 'Machine', 'Harbor', 'Night'],
  },
  year: (random) => randomInt(random, 1920, 2018),
  lacksTmdbId: (index) => index % 8 === 6,
  wholeStarUsers: 0,
  timestamps: (random) => ({
    first: randomInt(random, FIRST_TIMESTAMP, LAST_TIMESTAMP),
    span: 90 * DAY,
  }),
};

const RELEASE_FIRST = 789_609_600; // 1995-01-09, the first rating of ml-32m
const RELEASE_LAST = 1_697_068_800; // 2023-10-12, its last

/**
 * The profile of the release-sized sets (writeSyntheticRelease), shaped after ml-32m where the
 * small profile keeps quirks dense for tests:
 * - popularity follows a broken power law of the rank (see brokenPowerLaw), where the small sets'
 *   single rank^-0.8 gives, at 87,585 movies and 32M ratings, every movie dozens of ratings and the
 *   top movies to nearly every user;
 * - enough words that 87k titles are mostly distinct (search has to discriminate);
 * - years skewed to recent decades, as the catalogue is;
 * - tmdbId missing for one movie in 500 (the real links.csv lacks only a few);
 * - about 40% of users give whole stars only, which brings the share of half-star ratings near
 *   the real ~30% (half of a continuous score's roundings land on a half star);
 * - wider offsets and noise, and a higher base, for ratings spread like the release's (mean
 *   about 3.5, every value from 0.5 to 5 used, fives common);
 * - ratings from 1995 to 2023, a user's spread over more time the more they rate.
 */
export const RELEASE_PROFILE: SyntheticProfile = {
  popularity: (random, movies) => brokenPowerLaw(random() * movies, movies),
  baseScore: 2.95,
  userBias: 0.9,
  movieBias: 1,
  noise: 0.9,
  // 240 groups instead of 30: about half the proposals per rating (measured at 87,585 movies).
  groupBins: { primary: 4, secondary: 2 },
  titleWords: {
    adjectives: [
      ...SMALL_PROFILE.titleWords.adjectives,
      ...['Quiet', 'Burning', 'Electric', 'Frozen', 'Hollow', 'Iron', 'Midnight', 'Northern'],
      ...['Paper', 'Restless', 'Scarlet', 'Secret', 'Shattered', 'Sleeping', 'Stolen', 'Sweet'],
      ...['Velvet', 'Wandering', 'Bitter', 'Blue', 'Distant', 'Endless', 'Fallen', 'Glass'],
      ...['Lonely', 'Lucky', 'Savage', 'Silver', 'Strange', 'Tender', 'Violent', 'Young'],
    ],
    nouns: [
      ...SMALL_PROFILE.titleWords.nouns,
      ...['Mountain', 'Winter', 'Kingdom', 'Witness', 'Orchard', 'Engine', 'Lighthouse', 'Dawn'],
      ...['Station', 'Mirror', 'Island', 'Daughter', 'Soldier', 'Carnival', 'Desert', 'Circus'],
      ...['Letter', 'Highway', 'Ocean', 'Detective', 'Palace', 'Thief', 'Forest', 'Voyage'],
      ...['Horizon', 'Prophet', 'Storm', 'Valley', 'Wolf', 'Bridge', 'Canyon', 'Dream'],
    ],
  },
  // An exponential age: half the movies from the last 17 years, a few from the silent era.
  year: (random) => Math.max(1902, 2023 - Math.floor(-Math.log(1 - random()) * 24)),
  lacksTmdbId: (index) => index % 500 === 6,
  wholeStarUsers: 0.4,
  timestamps: (random, ratings) => {
    const span = Math.min(RELEASE_LAST - RELEASE_FIRST, (30 + 2 * ratings) * DAY);
    return { first: randomInt(random, RELEASE_FIRST, RELEASE_LAST - span), span };
  },
};

const FOREIGN = ['Cité des rêves', 'Amélie du nord', 'Desu nôto', 'Los años', 'Die Straße'];

/** A movie's traits that the ratings need. */
interface MovieTraits extends ChoiceMovie {
  bias: number;
  factors: number[];
}

/**
 * Receives a user's ratings as the world draws them. Everything passed is a small integer, so a
 * call boxes nothing (this runs once per rating: 32 million times for a full-size set).
 */
export interface RatingSink {
  /** A new user; their ratings are `first` + an offset in seconds. */
  user(first: number): void;
  /** One rating: the movie's position in `movies`, the stars × 2 (1..10), the offset. */
  rating(movie: number, halfStars: number, offset: number): void;
}

/**
 * The latent-factor world synthetic MovieLens data is drawn from: movies with popularity, factors,
 * genres, titles and links, and users drawn one at a time who rate movies chosen by taste. Ratings
 * follow global mean + user bias + movie bias + a dot product of small factor vectors + a little
 * noise, rounded to half stars, so a recommender trained on them can learn something. Which movies
 * a user rates follows the same factors (see TASTE and TasteChooser) times a long-tailed
 * popularity, so some movies get many ratings and some none, and which movies someone rated says
 * what they like, as it does in the real data. A movie's genres follow its strongest factors (see
 * FACTOR_GENRES). The CSV rows carry the quirks of the real files: quoted titles with commas and
 * double quotes, titles without a year or with a year range, trailing spaces, "(no genres
 * listed)", empty tmdbIds.
 *
 * Every draw comes from `random`, in a fixed order (movies first, then user after user), so a seed
 * gives the same data whether it is collected in memory or streamed to disk.
 */
export class SyntheticWorld {
  readonly movies: MovieRecord[] = [];
  /** movies.csv rows (movieId, title as written, genres) in file order. */
  readonly movieRows: string[][] = [];
  /** links.csv rows (movieId, imdbId, tmdbId). */
  readonly linkRows: string[][] = [];
  private readonly traits: MovieTraits[] = [];
  private readonly chooser: TasteChooser;

  constructor(
    private readonly random: () => number,
    movieCount: number,
    private readonly profile: SyntheticProfile,
  ) {
    let movieId = 0;
    for (let i = 0; i < movieCount; i++) {
      movieId += randomInt(random, 1, 3);
      const { title, year, written } = this.title(i);
      const { factors, primary, secondary } = movieFactors(random);
      // "(no genres listed)": rare in the real file (34 movies of 9,742); one movie in twenty keeps
      // the quirk in small test sets without hiding the taste that genres carry.
      const genres = i % 20 === 5 ? [] : movieGenres(random, primary, secondary);
      const imdbId = String(randomInt(random, 1, 9_999_999)).padStart(7, '0');
      const tmdbId = profile.lacksTmdbId(i) ? null : randomInt(random, 1, 500_000);
      this.movies.push({ movieId, title, year, genres, imdbId, tmdbId });
      this.movieRows.push([String(movieId), written, genres.length ? genres.join('|') : NO_GENRES]);
      this.linkRows.push([String(movieId), imdbId, tmdbId === null ? '' : String(tmdbId)]);
      this.traits.push({
        bias: uniform(random, profile.movieBias),
        factors,
        // Long-tailed popularity: a few blockbusters, many rarely rated movies.
        popularity: profile.popularity(random, movieCount),
        // Movies of one kind have alike factors, which keeps the chooser's bounds tight.
        group: this.group(factors, primary, secondary),
      });
    }
    this.chooser = new TasteChooser(this.traits, TASTE);
  }

  /**
   * Draws the next user and their `count` ratings of distinct movies (at most every movie), which
   * `sink` receives in the order of `movies`.
   */
  rateUser(count: number, sink: RatingSink): void {
    const { random, profile } = this;
    const bias = uniform(random, profile.userBias);
    const factors = userFactors(random);
    const { first, span } = profile.timestamps(random, count);
    const wholeStars = profile.wholeStarUsers > 0 && random() < profile.wholeStarUsers;
    sink.user(first);
    // Int32Array sorts numerically without a comparator, and faster.
    const chosen = Int32Array.from(this.chooser.choose(random, factors, count)).sort();
    for (const index of chosen) {
      const movie = this.traits[index] as MovieTraits;
      // The sum in this order, as the first version of the generator had it (same seed, same data).
      const score =
        profile.baseScore +
        bias +
        movie.bias +
        dot(factors, movie.factors) +
        uniform(random, profile.noise);
      const halfStars = wholeStars ? 2 * toWholeStars(score) : toHalfStars(score);
      sink.rating(index, halfStars, randomInt(random, 0, span));
    }
  }

  /** The kind of movie (its two strongest factors), split by how strong each is; see groupBins. */
  private group(factors: readonly number[], primary: number, secondary: number): number {
    const bins = this.profile.groupBins;
    const bin = (loading: number, lowest: number, width: number, count: number) =>
      Math.min(count - 1, Math.floor(((loading - lowest) / width) * count));
    const strength = bin(factors[primary] as number, 0.5, 0.5, bins.primary);
    const second = bin(factors[secondary] as number, 0.15, 0.3, bins.secondary);
    return ((primary * FACTORS + secondary) * bins.primary + strength) * bins.secondary + second;
  }

  /** The title as MovieRecord holds it, its year, and how movies.csv writes it. */
  private title(index: number): { title: string; year: number | null; written: string } {
    const { random } = this;
    const { adjectives, nouns } = this.profile.titleWords;
    const adjective = pick(random, adjectives);
    const noun = pick(random, nouns);
    const other = pick(random, nouns);
    const year = this.profile.year(random);
    switch (index % 6) {
      case 0:
        return { title: `${adjective} ${noun}`, year, written: `${adjective} ${noun} (${year})` };
      case 1: {
        // MovieLens moves a leading article to the end: "American President, The (1995)".
        const title = `${noun} of the ${other}, The`;
        return { title, year, written: `${title} (${year})` };
      }
      case 2: {
        const title = `${noun} "${adjective}" ${other}`;
        return { title, year, written: `${title} (${year})` };
      }
      case 3: {
        const title = `${adjective} ${noun}: The Series`;
        return { title, year: null, written: title };
      }
      case 4: {
        // A series' run: "Death Note: Desu nôto (2006–2007)" keeps its first year.
        const title = `${noun}, ${other} and Me`;
        return { title, year, written: `${title} (${year}\u2013${year + 1})` };
      }
      default: {
        const title = `${adjective} ${noun} (${pick(random, FOREIGN)})`;
        return { title, year, written: `${title} (${year}) ` };
      }
    }
  }
}

/**
 * A movie's factors: mostly one kind of movie (its primary factor), some of another (secondary),
 * a trace of the rest, so that its strongest factors can name its genres.
 */
function movieFactors(random: () => number): {
  factors: number[];
  primary: number;
  secondary: number;
} {
  const factors = Array.from({ length: FACTORS }, () => uniform(random, 0.15));
  const primary = randomInt(random, 0, FACTORS - 1);
  const secondary = (primary + randomInt(random, 1, FACTORS - 1)) % FACTORS;
  factors[primary] = 0.5 + 0.5 * random();
  factors[secondary] = 0.15 + 0.3 * random();
  return { factors, primary, secondary };
}

/**
 * One to three genres: first the primary factor's (mostly its main genre), then more of the
 * primary's pair, the secondary's main genre, or now and then any genre at all.
 */
function movieGenres(random: () => number, primary: number, secondary: number): string[] {
  const count = randomInt(random, 1, 3);
  const own = genresOf(primary);
  const chosen = new Set<string>([random() < 0.9 ? own[0] : own[1]]);
  while (chosen.size < count) {
    const draw = random();
    if (draw < 0.4) chosen.add(pick(random, own));
    else if (draw < 0.8) chosen.add(genresOf(secondary)[0]);
    else chosen.add(pick(random, MOVIELENS_GENRES));
  }
  // MovieLens lists genres alphabetically, as MOVIELENS_GENRES is.
  return MOVIELENS_GENRES.filter((genre) => chosen.has(genre));
}

function genresOf(factor: number): readonly [Genre, Genre] {
  const pair = FACTOR_GENRES[factor];
  if (!pair) throw new RangeError(`no factor ${factor}`);
  return pair;
}

/**
 * A user's factors: a favourite kind of movie, liked clearly, and milder likes and dislikes of
 * the others, as most people have a genre they return to.
 */
function userFactors(random: () => number): number[] {
  const factors = Array.from({ length: FACTORS }, () => uniform(random, 0.3));
  factors[randomInt(random, 0, FACTORS - 1)] = 0.8 + 0.5 * random();
  return factors;
}

/** Uniform in [-spread, spread). */
function uniform(random: () => number, spread: number): number {
  return (random() * 2 - 1) * spread;
}

/** Summed left to right from 0, as Array.reduce did in the first version (same rounding). */
function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] ?? 0);
  return sum;
}

/** The score rounded to half stars, in halves: 1 (0.5 stars) to 10 (5 stars). */
function toHalfStars(score: number): number {
  const rounded = Math.round(score / RATING_STEP) * RATING_STEP;
  return Math.min(MAX_RATING, Math.max(MIN_RATING, rounded)) * 2;
}

function toWholeStars(score: number): number {
  return Math.min(MAX_RATING, Math.max(1, Math.round(score)));
}

/**
 * The release profile's popularity at a rank (0 = the most popular): a broken power law,
 * rank^-0.8 through the first 5% of the catalogue, then falling as rank^-4, never below a floor
 * that leaves a movie a few ratings on average. ml-32m's counts need all three parts: its most
 * rated movie has only half the users (with one power law steep enough for its long tail, nearly
 * every user would rate the head, since a user rates a movie once), most of its catalogue has a
 * handful of ratings, and few movies none. Measured at ml-32m's size (seed 1): 83,724 movies rated
 * (the release: 84,431), Gini of the counts 0.942 (0.952), the most rated movie 102,008 (about
 * 103,000), a median of 4.
 */
const RELEASE_POPULARITY = Object.freeze({
  head: 0.8,
  tail: 4,
  /** Where the head ends, as a share of the catalogue. */
  bend: 0.05,
  /** The floor, relative to the popularity at the bend. */
  floor: 3e-4,
});

function brokenPowerLaw(rank: number, movies: number): number {
  const { head, tail, bend, floor } = RELEASE_POPULARITY;
  const knee = 1 + bend * movies;
  const at = 1 + rank;
  const atKnee = knee ** -head;
  const weight = at <= knee ? at ** -head : atKnee * (at / knee) ** -tail;
  return Math.max(weight, floor * atKnee);
}
