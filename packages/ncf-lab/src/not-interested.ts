/**
 * How "not interested" should count, measured: `npx tsx packages/ncf-lab/src/not-interested.ts
 * <ml-latest-small folder> [--weights 0,1,2,4] [--dismiss 2] [--seed 42] [--artifact file]`.
 *
 * New-user protocol (as `ncf split --protocol new`): 20% of the users are held out, each
 * reveals 10 ratings; the served model (best configuration) is trained on the rest. For every
 * held-out user the ranking's top 10 is computed, and the user dismisses ("not interested") the
 * first `--dismiss` movies of it that they did not rate in their hidden ratings (movies they did
 * not watch). The top 10 is ranked again with those movies marked not interested, for each
 * weight: 0 only leaves them out; w > 0 also adds them to the ranking network's user vector at
 * -w stars. Reported per weight, against the hidden movies (the dismissed ones are never
 * relevant): precision and nDCG at 10, for all hidden movies and the liked ones (4 stars or
 * more); the share of the list among the 20 co-rating neighbours of a dismissed movie; and how
 * many of the 10 movies changed from the list before. Prints one JSON object.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_RECOMMEND_MIN_RATINGS, LIKED_RATING } from '@marquee/contracts';
import {
  deserializeArtifact,
  initBackend,
  NcfScorer,
  serializeArtifact,
  type NcfArtifact,
} from '@marquee/ncf';
import { bestConfig } from './lab-config';
import { createProgress } from './progress';
import { rankingMetrics } from './protocols/ranking-metrics';
import { splitNewUsers } from './protocols/splitters';
import { readMovies, readRatingsFile } from './ratings-input';
import { trainServedOnRatings } from './training';

const K = 10;

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      weights: { type: 'string', default: '0,0.5,1,2,4' },
      dismiss: { type: 'string', default: '2' },
      seed: { type: 'string', default: '42' },
      artifact: { type: 'string' },
    },
  });
  const folder = positionals[0];
  if (!folder) throw new Error('usage: not-interested.ts <ml-latest-small folder> [options]');
  const weights = values.weights!.split(',').map(Number);
  const dismissCount = Number(values.dismiss);
  const seed = Number(values.seed);
  const progress = createProgress(process.stderr);
  const backend = await initBackend();
  progress.note(`backend ${backend}`);

  const ratings = await readRatingsFile(join(folder, 'ratings.csv'));
  const movies = await readMovies(join(folder, 'movies.csv'));
  const split = splitNewUsers(ratings, { given: 10, seed });
  let artifact: NcfArtifact;
  const cached = values.artifact
    ? await readFile(values.artifact).catch(() => undefined)
    : undefined;
  if (cached) {
    artifact = deserializeArtifact(cached);
    progress.note(`model read from ${values.artifact}`);
  } else {
    const config = bestConfig(seed);
    const trained = await trainServedOnRatings(split.train, config, progress, movies.movieFeatures);
    artifact = trained.artifact;
    if (values.artifact) await writeFile(values.artifact, serializeArtifact(artifact));
  }
  const scorer = NcfScorer.fromArtifact(artifact, {
    foldIn: 'map',
    minRatings: DEFAULT_RECOMMEND_MIN_RATINGS,
  });
  const lists = artifact.reasonNeighbours;
  const neighboursOf = (movieId: number): Set<number> => {
    const out = new Set<number>();
    const i = artifact.movieIds.indexOf(movieId);
    if (!lists || i < 0) return out;
    const end = Math.min(lists.offsets[i + 1]!, lists.offsets[i]! + 20);
    for (let e = lists.offsets[i]!; e < end; e++) {
      out.add(artifact.movieIds[lists.neighbours[e]!]!);
    }
    return out;
  };

  const relevantAll = new Map<number, Set<number>>();
  const relevantLiked = new Map<number, Set<number>>();
  const before = new Map<number, number[]>();
  const byWeight = new Map(weights.map((w) => [w, new Map<number, number[]>()]));
  const similarShare = new Map(weights.map((w) => [w, 0]));
  let similarBefore = 0;
  const changed = new Map(weights.map((w) => [w, 0]));
  let users = 0;
  for (const user of split.users) {
    const hidden = new Set(user.hidden.map((r) => r.movieId));
    const top = scorer
      .top({ ratings: user.revealed, excludeMovieIds: [], count: K })
      .map((t) => t.movieId);
    const dismissed = top.filter((id) => !hidden.has(id)).slice(0, dismissCount);
    if (dismissed.length < dismissCount) continue;
    users++;
    relevantAll.set(user.userId, hidden);
    relevantLiked.set(
      user.userId,
      new Set(user.hidden.filter((r) => r.rating >= LIKED_RATING).map((r) => r.movieId)),
    );
    const similar = new Set(dismissed.flatMap((id) => [...neighboursOf(id)]));
    const share = (list: number[]) => list.filter((id) => similar.has(id)).length / K;
    // The list before, less the dismissed movies, as a fair "before": they are never relevant.
    before.set(
      user.userId,
      top.filter((id) => !dismissed.includes(id)),
    );
    similarBefore += share(top.filter((id) => !dismissed.includes(id)));
    for (const w of weights) {
      const list = scorer
        .top({
          ratings: user.revealed,
          excludeMovieIds: [],
          notInterestedMovieIds: dismissed,
          notInterestedWeight: w,
          count: K,
        })
        .map((t) => t.movieId);
      byWeight.get(w)!.set(user.userId, list);
      similarShare.set(w, similarShare.get(w)! + share(list));
      changed.set(w, changed.get(w)! + list.filter((id) => !top.includes(id)).length);
    }
  }
  scorer.dispose();
  const round = (x: number) => Number(x.toFixed(4));
  const metrics = (lists: Map<number, number[]>) => {
    const all = rankingMetrics(lists, relevantAll, K);
    const liked = rankingMetrics(lists, relevantLiked, K);
    return {
      precision: round(all.precision),
      ndcg: round(all.ndcg),
      likedPrecision: round(liked.precision),
      likedNdcg: round(liked.ndcg),
    };
  };
  const result = {
    users,
    dismissedPerUser: dismissCount,
    k: K,
    beforeLessDismissed: {
      ...metrics(before),
      similarShare: round(similarBefore / users),
    },
    weights: weights.map((w) => ({
      weight: w,
      ...metrics(byWeight.get(w)!),
      similarShare: round(similarShare.get(w)! / users),
      changedMovies: round(changed.get(w)! / users),
    })),
  };
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
