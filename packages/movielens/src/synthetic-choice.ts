/** A movie as TasteChooser sees it. */
export interface ChoiceMovie {
  /** Relative chance of being rated before taste counts; > 0. */
  popularity: number;
  /** The latent factors that also drive its stars. */
  factors: readonly number[];
  /**
   * The movies are proposed group by group; any grouping is exact, but movies whose factors are
   * alike (e.g. the same strongest factor) make tight bounds and so few refused proposals.
   */
  group: number;
}

/** A group's movies and what the bound of a user's affinity for them needs. */
interface MovieGroup {
  members: Int32Array;
  /** Running sums of the members' popularity, to draw one in proportion in O(log n). */
  cumulative: Float64Array;
  totalPopularity: number;
  /** Per factor, the highest and the lowest loading among the members. */
  high: Float64Array;
  low: Float64Array;
}

/**
 * Which movies a synthetic user rates: `count` distinct movies drawn one after another, each in
 * proportion to popularity × exp(taste × (user's factors · movie's factors)) among the movies not
 * drawn yet. That is successive sampling, the distribution Efraimidis-Spirakis keys give.
 *
 * Weighing every movie for every user costs O(users × movies), too slow for the full-size
 * synthetic sets (hundreds of thousands of users, tens of thousands of movies). So a draw is
 * proposed by popularity alone: first a group, in proportion to its popularity times exp(an
 * upper bound of the user's affinity for its movies), then a movie of it in proportion to its
 * popularity; the movie is accepted with probability exp(affinity − that bound). That is
 * rejection sampling, so the accepted movie follows the target exactly, at a few proposals per
 * draw. A proposal of a movie already drawn is refused too, which keeps the movies distinct and
 * the distribution exact. When refusals pile up (a user who rates most of a small catalogue),
 * the rest is drawn by weighing every movie left once, which costs O(movies) for that user only.
 */
export class TasteChooser {
  private readonly groups: MovieGroup[];
  private readonly factorCount: number;
  /** Every movie's factors, movie after movie: one flat array reads faster than many small ones. */
  private readonly loadings: Float64Array;
  /** marks[movie] === stamp: the movie is chosen in the current call (no Set to fill per user). */
  private readonly marks: Int32Array;
  private stamp = 0;
  /** Per call: the user's factors, each group's bound and the running sums of their mass. */
  private readonly user: Float64Array;
  private readonly bounds: Float64Array;
  private readonly massSums: Float64Array;

  constructor(
    private readonly movies: readonly ChoiceMovie[],
    /** How strongly affinity sways the choice: 0 is popularity alone. */
    private readonly taste: number,
  ) {
    this.factorCount = movies[0]?.factors.length ?? 0;
    this.loadings = new Float64Array(movies.length * this.factorCount);
    movies.forEach((movie, index) => {
      for (let f = 0; f < this.factorCount; f++) {
        this.loadings[index * this.factorCount + f] = movie.factors[f] ?? 0;
      }
    });
    this.marks = new Int32Array(movies.length);
    this.user = new Float64Array(this.factorCount);
    const byGroup = new Map<number, number[]>();
    movies.forEach((movie, index) => {
      const members = byGroup.get(movie.group) ?? [];
      members.push(index);
      byGroup.set(movie.group, members);
    });
    // Ascending group numbers, so the order of draws does not depend on the movies' order.
    this.groups = [...byGroup.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, members]) => this.makeGroup(members));
    this.bounds = new Float64Array(this.groups.length);
    this.massSums = new Float64Array(this.groups.length);
  }

  /** `count` distinct movie indices (at most the number of movies), in the order drawn. */
  choose(random: () => number, userFactors: readonly number[], count: number): number[] {
    const wanted = Math.min(count, this.movies.length);
    const { groups, bounds, massSums, marks, user } = this;
    for (let f = 0; f < this.factorCount; f++) user[f] = userFactors[f] ?? 0;
    // Scaled by the largest bound so that exp cannot overflow; only ratios matter.
    let top = -Infinity;
    for (let g = 0; g < groups.length; g++) {
      bounds[g] = this.affinityBound(groups[g] as MovieGroup);
      top = Math.max(top, bounds[g] as number);
    }
    let massTotal = 0;
    for (let g = 0; g < groups.length; g++) {
      massTotal +=
        (groups[g] as MovieGroup).totalPopularity * Math.exp((bounds[g] as number) - top);
      massSums[g] = massTotal;
    }

    const stamp = this.nextStamp();
    const order: number[] = [];
    // Enough for the proposals to be refused at a rate far beyond what the data's loadings
    // give; past it, weighing what is left is cheaper than proposing on.
    let proposalsLeft = 32 * wanted + 64;
    while (order.length < wanted && proposalsLeft > 0) {
      proposalsLeft--;
      const g = firstAbove(massSums, random() * massTotal);
      const group = groups[g] as MovieGroup;
      const member = firstAbove(group.cumulative, random() * group.totalPopularity);
      const movie = group.members[member] as number;
      if (marks[movie] === stamp) continue;
      const accept = Math.exp(this.affinity(movie) - (bounds[g] as number));
      if (random() < accept) {
        marks[movie] = stamp;
        order.push(movie);
      }
    }
    if (order.length < wanted) {
      const rest = this.weighRemaining(random, wanted - order.length, stamp, top);
      for (const movie of rest) order.push(movie);
    }
    return order;
  }

  /** A new mark for this call; the marks are cleared once the counter would overflow. */
  private nextStamp(): number {
    if (this.stamp === 0x7fffffff) {
      this.marks.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  private makeGroup(members: number[]): MovieGroup {
    const cumulative = new Float64Array(members.length);
    const high = new Float64Array(this.factorCount).fill(-Infinity);
    const low = new Float64Array(this.factorCount).fill(Infinity);
    let total = 0;
    members.forEach((index, k) => {
      const movie = this.movies[index] as ChoiceMovie;
      total += movie.popularity;
      cumulative[k] = total;
      for (let f = 0; f < this.factorCount; f++) {
        const loading = movie.factors[f] ?? 0;
        high[f] = Math.max(high[f] as number, loading);
        low[f] = Math.min(low[f] as number, loading);
      }
    });
    return { members: Int32Array.from(members), cumulative, totalPopularity: total, high, low };
  }

  /** The highest affinity the current user can have for a movie of the group (factor by factor). */
  private affinityBound(group: MovieGroup): number {
    let bound = 0;
    for (let f = 0; f < this.factorCount; f++) {
      const u = this.user[f] as number;
      bound += Math.max(u * (group.high[f] as number), u * (group.low[f] as number));
    }
    return this.taste * bound;
  }

  /** The current user's affinity for the movie. */
  private affinity(movie: number): number {
    const { loadings, user, factorCount } = this;
    const at = movie * factorCount;
    let dot = 0;
    for (let f = 0; f < factorCount; f++) dot += (user[f] as number) * (loadings[at + f] as number);
    return this.taste * dot;
  }

  /**
   * Successive sampling of `count` movies among those not chosen (not marked with `stamp`), by
   * Efraimidis-Spirakis keys (the highest log(u) / weight first), weights scaled by exp(-shift)
   * against overflow. O(movies): the keys go into a typed array whose numeric sort finds the
   * count-th highest; only the movies at or above it are ordered (heavy users of a large catalogue
   * land here, up to tens of thousands of movies at a time).
   */
  private weighRemaining(
    random: () => number,
    count: number,
    stamp: number,
    shift: number,
  ): number[] {
    const { movies, marks } = this;
    const candidates: number[] = [];
    const keys = new Float64Array(movies.length);
    let size = 0;
    for (let index = 0; index < movies.length; index++) {
      if (marks[index] === stamp) continue;
      const weight =
        (movies[index] as ChoiceMovie).popularity * Math.exp(this.affinity(index) - shift);
      keys[size++] = Math.log(random() || Number.MIN_VALUE) / weight;
      candidates.push(index);
    }
    if (count <= 0 || size === 0) return [];
    const ranked = keys.slice(0, size).sort();
    const threshold = ranked[Math.max(0, size - count)] as number;
    const kept: { movie: number; key: number }[] = [];
    for (let k = 0; k < size; k++) {
      const key = keys[k] as number;
      if (key >= threshold) kept.push({ movie: candidates[k] as number, key });
    }
    // Stable, so ties keep the movies' order, as sorting every movie did.
    kept.sort((a, b) => b.key - a.key);
    return kept.slice(0, count).map(({ movie }) => movie);
  }
}

/** The first position whose running sum exceeds `target` (binary search; the last on round-off). */
function firstAbove(cumulative: Float64Array, target: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] as number) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
