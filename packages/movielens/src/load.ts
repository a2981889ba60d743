import { resolve } from 'node:path';
import { MOVIELENS_FILE_NAMES, type MovieLensFileName } from './dataset-files';
import { defaultCacheDir, downloadIntoCache, findCachedDataset } from './cache';
import { MovieLensSourceError } from './errors';
import { readDatasetSource, type LocatedDataset } from './folder';
import { parseMovieLensFiles } from './parse';
import { DEFAULT_RELEASE, findRelease, type MovieLensRelease } from './releases';
import type { MovieLensData } from './types';

export interface LoadMovieLensOptions {
  /**
   * Which release (see MOVIELENS_RELEASES): ml-latest-small, ml-25m or ml-32m; default env
   * MOVIELENS_DATASET, else ml-latest-small. It names the download, its cache and the
   * subfolder looked for in a source folder.
   */
  dataset?: string;
  /** A folder (CSVs inside it or in its <dataset>/ subfolder) or a .zip. */
  source?: string;
  /** Where downloads are kept; default env MOVIELENS_CACHE_DIR, else <repo>/data/movielens. */
  cacheDir?: string;
  /** Zip to download (a mirror); default env MOVIELENS_URL, else the official GroupLens one. */
  url?: string;
  onProgress?: (message: string) => void;
  /** Environment to read MOVIELENS_* from; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Finds, fetches if needed, checks and parses a MovieLens release (ml-latest-small unless
 * MOVIELENS_DATASET names another). Where it comes from, first match wins: `source`; env
 * MOVIELENS_DIR; a previous download in the cache folder; a new download (checked against the
 * release's published md5 and size when it has them, and env MOVIELENS_SHA256 when set) into
 * the cache. Parsing holds every rating in memory: fine for ml-latest-small; the full releases
 * (25-32 million ratings) need a streaming reader instead.
 */
export async function loadMovieLens(
  options: LoadMovieLensOptions = {},
): Promise<MovieLensData & { source: string }> {
  const env = options.env ?? process.env;
  const onProgress = options.onProgress ?? (() => undefined);
  const release = options.dataset
    ? findRelease(options.dataset, 'dataset')
    : findRelease(env.MOVIELENS_DATASET || DEFAULT_RELEASE);
  const located = await locateDataset(options, env, release, onProgress);
  onProgress(`parsing MovieLens from ${located.source}`);
  const data = parseMovieLensFiles(located.files, onProgress);
  return { ...data, source: located.source };
}

async function locateDataset(
  options: LoadMovieLensOptions,
  env: NodeJS.ProcessEnv,
  release: MovieLensRelease,
  onProgress: (message: string) => void,
): Promise<LocatedDataset> {
  const { name } = release;
  if (options.source) return readDatasetSource(options.source, 'MovieLens source', name);
  if (env.MOVIELENS_DIR) return readDatasetSource(env.MOVIELENS_DIR, 'MOVIELENS_DIR', name);

  const cacheDir = resolve(options.cacheDir ?? (env.MOVIELENS_CACHE_DIR || defaultCacheDir()));
  const expectedSha256 = readExpectedSha256(env);
  const cached = await findCachedDataset(cacheDir, expectedSha256, name);
  if (cached) {
    onProgress(`using the MovieLens copy cached in ${cached}`);
    return readDatasetSource(cached, 'cached MovieLens', name);
  }

  const url = options.url ?? (env.MOVIELENS_URL || release.url);
  const { folder, entries } = await downloadIntoCache({
    url,
    cacheDir,
    expectedSha256,
    onProgress,
    release,
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
