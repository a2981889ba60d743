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

  constructor(
    private readonly films: readonly ChoiceFilm[],
    /** How strongly affinity sways the choice: 0 is popularity alone. */
    private readonly taste: number,
  ) {
    this.factorCount = films[0]?.factors.length ?? 0;
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
  }

  /** `count` distinct film indices (at most the number of films), in the order drawn. */
  choose(random: () => number, userFactors: readonly number[], count: number): number[] {
    const wanted = Math.min(count, this.films.length);
    const bounds = this.groups.map((group) => this.affinityBound(group, userFactors));
    // Scaled by the largest bound so that exp cannot overflow; only ratios matter.
    const top = bounds.reduce((max, bound) => Math.max(max, bound), -Infinity);
    const massSums = new Float64Array(this.groups.length);
    let massTotal = 0;
    this.groups.forEach((group, g) => {
      massTotal += group.totalPopularity * Math.exp((bounds[g] as number) - top);
      massSums[g] = massTotal;
    });

    const chosen = new Set<number>();
    const order: number[] = [];
    // Enough for the proposals to be refused at a rate far beyond what the data's loadings
    // give; past it, weighing what is left is cheaper than proposing on.
    let proposalsLeft = 32 * wanted + 64;
    while (order.length < wanted && proposalsLeft > 0) {
      proposalsLeft--;
      const g = firstAbove(massSums, random() * massTotal);
      const group = this.groups[g] as FilmGroup;
      const member = firstAbove(group.cumulative, random() * group.totalPopularity);
      const film = group.members[member] as number;
      if (chosen.has(film)) continue;
      const accept = Math.exp(this.affinity(film, userFactors) - (bounds[g] ?? 0));
      if (random() < accept) {
        chosen.add(film);
        order.push(film);
      }
    }
    if (order.length < wanted) {
      const rest = this.weighRemaining(random, userFactors, wanted - order.length, chosen, top);
      for (const film of rest) order.push(film);
    }
    return order;
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

  /** The highest affinity the user can have for a film of the group (factor by factor). */
  private affinityBound(group: FilmGroup, userFactors: readonly number[]): number {
    let bound = 0;
    for (let f = 0; f < this.factorCount; f++) {
      const u = userFactors[f] ?? 0;
      bound += Math.max(u * (group.high[f] as number), u * (group.low[f] as number));
    }
    return this.taste * bound;
  }

  private affinity(film: number, userFactors: readonly number[]): number {
    const factors = (this.films[film] as ChoiceFilm).factors;
    let dot = 0;
    for (let f = 0; f < this.factorCount; f++) dot += (userFactors[f] ?? 0) * (factors[f] ?? 0);
    return this.taste * dot;
  }

  /**
   * Successive sampling of `count` films among those not chosen, by Efraimidis-Spirakis keys
   * (the highest log(u) / weight first), weights scaled by exp(-shift) against overflow.
   */
  private weighRemaining(
    random: () => number,
    userFactors: readonly number[],
    count: number,
    chosen: ReadonlySet<number>,
    shift: number,
  ): number[] {
    const keyed: { film: number; key: number }[] = [];
    this.films.forEach((film, index) => {
      if (chosen.has(index)) return;
      const weight = film.popularity * Math.exp(this.affinity(index, userFactors) - shift);
      keyed.push({ film: index, key: Math.log(random() || Number.MIN_VALUE) / weight });
    });
    keyed.sort((a, b) => b.key - a.key);
    return keyed.slice(0, count).map(({ film }) => film);
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
