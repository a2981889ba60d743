import { DATASET_FOLDER, DEFAULT_MOVIELENS_URL } from './dataset-files';
import { MovieLensSourceError } from './errors';

/** A MovieLens release that can be named in MOVIELENS_DATASET and downloaded. */
export interface MovieLensRelease {
  /** "ml-32m": the zip's name without .zip, and the folder inside it. */
  name: string;
  url: string;
  /**
   * The zip's md5 as GroupLens publishes it beside the zip (<url>.md5), or null for a release
   * GroupLens regenerates from time to time (ml-latest-small), which cannot be pinned.
   */
  md5: string | null;
  /** The zip's size in bytes, or null when not pinned. */
  bytes: number | null;
}

const GROUPLENS = 'https://files.grouplens.org/datasets/movielens';

/**
 * The releases accepted by name. ml-25m and ml-32m are frozen benchmark releases: their md5 and
 * size are those GroupLens publishes (ml-25m.zip.md5, ml-32m.zip.md5) and many projects pin; they
 * were not re-checked against files.grouplens.org from the machine this was written on (no
 * internet there). A download that does not match is rejected.
 */
export const MOVIELENS_RELEASES = {
  [DATASET_FOLDER]: { name: DATASET_FOLDER, url: DEFAULT_MOVIELENS_URL, md5: null, bytes: null },
  'ml-25m': {
    name: 'ml-25m',
    url: `${GROUPLENS}/ml-25m.zip`,
    md5: '6b51fb2759a8657d3bfcbfc42b592ada',
    bytes: 261_978_986,
  },
  'ml-32m': {
    name: 'ml-32m',
    url: `${GROUPLENS}/ml-32m.zip`,
    md5: 'd472be332d4daa821edc399621853b57',
    bytes: 238_950_008,
  },
} as const satisfies Record<string, MovieLensRelease>;

export type MovieLensReleaseName = keyof typeof MOVIELENS_RELEASES;

export const DEFAULT_RELEASE: MovieLensReleaseName = DATASET_FOLDER;

/** The release named by `name` (MOVIELENS_DATASET), or a MovieLensSourceError listing them. */
export function findRelease(name: string, label = 'MOVIELENS_DATASET'): MovieLensRelease {
  const release: MovieLensRelease | undefined = Object.values(MOVIELENS_RELEASES).find(
    (candidate) => candidate.name === name.trim(),
  );
  if (!release) {
    throw new MovieLensSourceError(
      `${label} must be one of ${Object.keys(MOVIELENS_RELEASES).join(', ')} (got "${name}")`,
    );
  }
  return release;
}

/**
 * Rejects a downloaded zip whose size or md5 differs from what GroupLens publishes for the
 * release; returns a line saying what was checked.
 */
export function checkPublishedChecksum(
  release: MovieLensRelease,
  url: string,
  download: { bytes: number; md5: string },
): string {
  const zip = `${release.name}.zip`;
  if (release.bytes !== null && download.bytes !== release.bytes) {
    throw new MovieLensSourceError(
      `The file downloaded from ${url} has ${download.bytes} bytes but ${zip} has ` +
        `${release.bytes}; the download was rejected`,
    );
  }
  if (release.md5 !== null && download.md5 !== release.md5) {
    throw new MovieLensSourceError(
      `The file downloaded from ${url} has md5 ${download.md5} but GroupLens publishes ` +
        `${release.md5} for ${zip}; the download was rejected`,
    );
  }
  return release.md5 === null
    ? `${zip} has no published checksum to compare with`
    : `md5 ${download.md5} and size match the ones GroupLens publishes for ${zip}`;
}
