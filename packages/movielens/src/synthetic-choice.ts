/** A film as TasteChooser sees it. */
export interface ChoiceFilm {
  /** Relative chance of being rated before taste counts; > 0. */
  popularity: number;
  /** The latent factors that also drive its stars. */
  factors: readonly number[];
  /**
   * The films are proposed group by group; any grouping is exact, but films whose factors are
   * alike (e.g. the same strongest factor) make tight bounds and so few refused proposals.
   */
  group: number;
}

/** A group's films and what the bound of a user's affinity for them needs. */
interface FilmGroup {
  members: Int32Array;
  /** Running sums of the members' popularity, to draw one in proportion in O(log n). */
  cumulative: Float64Array;
  totalPopularity: number;
  /** Per factor, the highest and the lowest loading among the members. */
  high: Float64Array;
  low: Float64Array;
}

/**
 * Which films a synthetic user rates: `count` distinct films drawn one after another, each in
 * proportion to popularity × exp(taste × (user's factors · film's factors)) among the films not
 * drawn yet. That is successive sampling, the distribution Efraimidis-Spirakis keys give.
 *
 * Weighing every film for every user costs O(users × movies), too slow for the full-size
 * synthetic sets (hundreds of thousands of users, tens of thousands of films). So a draw is
 * proposed by popularity alone: first a group, in proportion to its popularity times exp(an
 * upper bound of the user's affinity for its films), then a film of it in proportion to its
 * popularity; the film is accepted with probability exp(affinity − that bound). That is
 * rejection sampling, so the accepted film follows the target exactly, at a few proposals per
 * draw. A proposal of a film already drawn is refused too, which keeps the films distinct and
 * the distribution exact. When refusals pile up (a user who rates most of a small catalogue),
 * the rest is drawn by weighing every film left once, which costs O(movies) for that user only.
 */
export class TasteChooser {
  private readonly groups: FilmGroup[];
  private readonly factorCount: number;
  /** Every film's factors, film after film: one flat array reads faster than many small ones. */
  private readonly loadings: Float64Array;
  /** marks[film] === stamp: the film is chosen in the current call (no Set to fill per user). */
  private readonly marks: Int32Array;
  private stamp = 0;
  /** Per call: the user's factors, each group's bound and the running sums of their mass. */
  private readonly user: Float64Array;
  private readonly bounds: Float64Array;
  private readonly massSums: Float64Array;

  constructor(
    private readonly films: readonly ChoiceFilm[],
    /** How strongly affinity sways the choice: 0 is popularity alone. */
    private readonly taste: number,
  ) {
    this.factorCount = films[0]?.factors.length ?? 0;
    this.loadings = new Float64Array(films.length * this.factorCount);
    films.forEach((film, index) => {
      for (let f = 0; f < this.factorCount; f++) {
        this.loadings[index * this.factorCount + f] = film.factors[f] ?? 0;
      }
    });
    this.marks = new Int32Array(films.length);
    this.user = new Float64Array(this.factorCount);
    const byGroup = new Map<number, number[]>();
    films.forEach((film, index) => {
      const members = byGroup.get(film.group) ?? [];
      members.push(index);
      byGroup.set(film.group, members);
    });
    // Ascending group numbers, so the order of draws does not depend on the films' order.
    this.groups = [...byGroup.entries()]
      .sort(([a], [b]) => a - b)
      .map(([, members]) => this.makeGroup(members));
    this.bounds = new Float64Array(this.groups.length);
    this.massSums = new Float64Array(this.groups.length);
  }

  /** `count` distinct film indices (at most the number of films), in the order drawn. */
  choose(random: () => number, userFactors: readonly number[], count: number): number[] {
    const wanted = Math.min(count, this.films.length);
    const { groups, bounds, massSums, marks, user } = this;
    for (let f = 0; f < this.factorCount; f++) user[f] = userFactors[f] ?? 0;
    // Scaled by the largest bound so that exp cannot overflow; only ratios matter.
    let top = -Infinity;
    for (let g = 0; g < groups.length; g++) {
      bounds[g] = this.affinityBound(groups[g] as FilmGroup);
      top = Math.max(top, bounds[g] as number);
    }
    let massTotal = 0;
    for (let g = 0; g < groups.length; g++) {
      massTotal += (groups[g] as FilmGroup).totalPopularity * Math.exp((bounds[g] as number) - top);
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
      const group = groups[g] as FilmGroup;
      const member = firstAbove(group.cumulative, random() * group.totalPopularity);
      const film = group.members[member] as number;
      if (marks[film] === stamp) continue;
      const accept = Math.exp(this.affinity(film) - (bounds[g] as number));
      if (random() < accept) {
        marks[film] = stamp;
        order.push(film);
      }
    }
    if (order.length < wanted) {
      const rest = this.weighRemaining(random, wanted - order.length, stamp, top);
      for (const film of rest) order.push(film);
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

  private makeGroup(members: number[]): FilmGroup {
    const cumulative = new Float64Array(members.length);
    const high = new Float64Array(this.factorCount).fill(-Infinity);
    const low = new Float64Array(this.factorCount).fill(Infinity);
    let total = 0;
    members.forEach((index, k) => {
      const film = this.films[index] as ChoiceFilm;
      total += film.popularity;
      cumulative[k] = total;
      for (let f = 0; f < this.factorCount; f++) {
        const loading = film.factors[f] ?? 0;
        high[f] = Math.max(high[f] as number, loading);
        low[f] = Math.min(low[f] as number, loading);
      }
    });
    return { members: Int32Array.from(members), cumulative, totalPopularity: total, high, low };
  }

  /** The highest affinity the current user can have for a film of the group (factor by factor). */
  private affinityBound(group: FilmGroup): number {
    let bound = 0;
    for (let f = 0; f < this.factorCount; f++) {
      const u = this.user[f] as number;
      bound += Math.max(u * (group.high[f] as number), u * (group.low[f] as number));
    }
    return this.taste * bound;
  }

  /** The current user's affinity for the film. */
  private affinity(film: number): number {
    const { loadings, user, factorCount } = this;
    const at = film * factorCount;
    let dot = 0;
    for (let f = 0; f < factorCount; f++) dot += (user[f] as number) * (loadings[at + f] as number);
    return this.taste * dot;
  }

  /**
   * Successive sampling of `count` films among those not chosen (not marked with `stamp`), by
   * Efraimidis-Spirakis keys (the highest log(u) / weight first), weights scaled by exp(-shift)
   * against overflow. O(films): the keys go into a typed array whose numeric sort finds the
   * count-th highest; only the films at or above it are ordered (heavy users of a large catalogue
   * land here, up to tens of thousands of films at a time).
   */
  private weighRemaining(
    random: () => number,
    count: number,
    stamp: number,
    shift: number,
  ): number[] {
    const { films, marks } = this;
    const candidates: number[] = [];
    const keys = new Float64Array(films.length);
    let size = 0;
    for (let index = 0; index < films.length; index++) {
      if (marks[index] === stamp) continue;
      const weight =
        (films[index] as ChoiceFilm).popularity * Math.exp(this.affinity(index) - shift);
      keys[size++] = Math.log(random() || Number.MIN_VALUE) / weight;
      candidates.push(index);
    }
    if (count <= 0 || size === 0) return [];
    const ranked = keys.slice(0, size).sort();
    const threshold = ranked[Math.max(0, size - count)] as number;
    const kept: { film: number; key: number }[] = [];
    for (let k = 0; k < size; k++) {
      const key = keys[k] as number;
      if (key >= threshold) kept.push({ film: candidates[k] as number, key });
    }
    // Stable, so ties keep the films' order, as sorting every film did.
    kept.sort((a, b) => b.key - a.key);
    return kept.slice(0, count).map(({ film }) => film);
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
