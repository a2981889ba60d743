import { resolve } from 'node:path';
import {
  DEFAULT_MOVIELENS_URL,
  MOVIELENS_FILE_NAMES,
  type MovieLensFileName,
} from './dataset-files';
import { defaultCacheDir, downloadIntoCache, findCachedDataset } from './cache';
import { MovieLensSourceError } from './errors';
import { readDatasetSource, type LocatedDataset } from './folder';
import { parseMovieLensFiles } from './parse';
import type { MovieLensData } from './types';

export interface LoadMovieLensOptions {
  /** A folder (CSVs inside it or in its ml-latest-small/ subfolder) or a .zip. */
  source?: string;
  /** Where downloads are kept; default env MOVIELENS_CACHE_DIR, else <repo>/data/movielens. */
  cacheDir?: string;
  /** Zip to download; default env MOVIELENS_URL, else the official GroupLens address. */
  url?: string;
  onProgress?: (message: string) => void;
  /** Environment to read MOVIELENS_* from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Finds, fetches if needed, checks and parses MovieLens ml-latest-small. Where it comes from,
 * first match wins: `source`; env MOVIELENS_DIR; a previous download in the cache folder;
 * a new download (checked, and compared with env MOVIELENS_SHA256 when set) into the cache.
 */
export async function loadMovieLens(
  options: LoadMovieLensOptions = {},
): Promise<MovieLensData & { source: string }> {
  const env = options.env ?? process.env;
  const onProgress = options.onProgress ?? (() => undefined);
  const located = await locateDataset(options, env, onProgress);
  onProgress(`parsing MovieLens from ${located.source}`);
  const data = parseMovieLensFiles(located.files, onProgress);
  return { ...data, source: located.source };
}

async function locateDataset(
  options: LoadMovieLensOptions,
  env: NodeJS.ProcessEnv,
  onProgress: (message: string) => void,
): Promise<LocatedDataset> {
  if (options.source) return readDatasetSource(options.source, 'MovieLens source');
  if (env.MOVIELENS_DIR) return readDatasetSource(env.MOVIELENS_DIR, 'MOVIELENS_DIR');

  const cacheDir = resolve(options.cacheDir ?? (env.MOVIELENS_CACHE_DIR || defaultCacheDir()));
  const expectedSha256 = readExpectedSha256(env);
  const cached = await findCachedDataset(cacheDir, expectedSha256);
  if (cached) {
    onProgress(`using the MovieLens copy cached in ${cached}`);
    return readDatasetSource(cached, 'cached MovieLens');
  }

  const url = options.url ?? (env.MOVIELENS_URL || DEFAULT_MOVIELENS_URL);
  const { folder, entries } = await downloadIntoCache({
    url,
    cacheDir,
    expectedSha256,
    onProgress,
  });
  const files = {} as Record<MovieLensFileName, Buffer>;
  for (const name of MOVIELENS_FILE_NAMES) {
    const data = entries.get(name);
    if (!data) throw new MovieLensSourceError(`${name} is missing from ${url}`);
    files[name] = data;
  }
  return { files, source: folder };
}

function readExpectedSha256(env: NodeJS.ProcessEnv): string | undefined {
  const value = env.MOVIELENS_SHA256?.trim().toLowerCase();
  if (!value) return undefined;
  if (!/^[0-9a-f]{64}$/.test(value)) {
    throw new MovieLensSourceError(
      `MOVIELENS_SHA256 must be 64 hexadecimal digits (a sha256), got "${env.MOVIELENS_SHA256}"`,
    );
  }
  return value;
}
