/**
 * Writes a protocol's split as ratings files, so `topn` (or another tool) can be run on exactly
 * the same train/test data.
 */
import { join } from 'node:path';
import type { RatingRecord } from '@marquee/movielens';
import { writeRatingsCsv } from './protocols/ratings-csv';
import {
  MIN_HIDDEN,
  newUserSplitFiles,
  splitNewUsers,
  splitStratified,
} from './protocols/splitters';
import { InputError } from './ratings-input';

export type SplitProtocol = 'known' | 'new';

export interface SplitFileSummary {
  path: string;
  ratings: number;
  users: number;
  films: number;
}

export interface SplitSummary {
  protocol: SplitProtocol;
  seed: number;
  /** known: share of each movie's ratings in train. */
  ratio?: number;
  /** new: ratings each evaluated user reveals in given.csv. */
  given?: number;
  /** new: users held out of train, and those evaluated (enough ratings to reveal and hide). */
  heldOutUsers?: number;
  evaluatedUsers?: number;
  files: Record<string, SplitFileSummary>;
}

export type SplitOptions =
  | { protocol: 'known'; seed: number; ratio: number }
  | { protocol: 'new'; seed: number; given: number };

/**
 * 'known': splitStratified by movie into train.csv and test.csv (every test user is a training
 * user). 'new': splitNewUsers into train.csv (the other users), given.csv (what each evaluated
 * held-out user reveals) and test.csv (what they hide). Creates `outDir`.
 */
export async function writeSplit(
  ratings: readonly RatingRecord[],
  outDir: string,
  options: SplitOptions,
): Promise<SplitSummary> {
  if (options.protocol === 'known') {
    const { seed, ratio } = options;
    const split = splitStratified(ratings, { ratio, seed, by: 'movie' });
    return {
      protocol: 'known',
      seed,
      ratio,
      files: await writeFiles(outDir, { train: split.train, test: split.test }),
    };
  }
  const { seed, given } = options;
  const split = splitNewUsers(ratings, { given, seed });
  if (split.users.length === 0) {
    throw new RangeError(
      `no held-out user has at least ${given + MIN_HIDDEN} ratings (given ${given} + ${MIN_HIDDEN}); ` +
        'use a smaller --given or more data',
    );
  }
  const { train, given: revealed, test } = newUserSplitFiles(split);
  return {
    protocol: 'new',
    seed,
    given,
    heldOutUsers: split.heldOutUserIds.length,
    evaluatedUsers: split.users.length,
    files: await writeFiles(outDir, { train, given: revealed, test }),
  };
}

async function writeFiles(
  outDir: string,
  files: Record<string, readonly RatingRecord[]>,
): Promise<Record<string, SplitFileSummary>> {
  const summary: Record<string, SplitFileSummary> = {};
  for (const [name, rows] of Object.entries(files)) {
    const path = join(outDir, `${name}.csv`);
    try {
      await writeRatingsCsv(path, rows);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined) throw error;
      throw new InputError(`${path}: cannot write (${code})`);
    }
    summary[name] = {
      path,
      ratings: rows.length,
      users: new Set(rows.map((r) => r.userId)).size,
      films: new Set(rows.map((r) => r.movieId)).size,
    };
  }
  return summary;
}
