import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DATASET_FOLDER, MOVIELENS_FILE_NAMES, type MovieLensFileName } from './dataset-files';
import { MovieLensSourceError } from './errors';
import { readDatasetZip } from './zip';

/** The three CSV files read from a source, and which folder or zip they came from. */
export interface LocatedDataset {
  files: Record<MovieLensFileName, Buffer>;
  /** Absolute path of the folder holding the CSVs, or of the zip. */
  source: string;
}

/**
 * Reads ratings.csv, movies.csv and links.csv from a folder (directly inside it or inside
 * its `subfolder`: the release's name, ml-latest-small/ by default) or from a .zip. `label`
 * names where the path came from in error messages, e.g. "MOVIELENS_DIR".
 */
export async function readDatasetSource(
  path: string,
  label: string,
  subfolder: string = DATASET_FOLDER,
): Promise<LocatedDataset> {
  const absolute = resolve(path);
  const kind = await pathKind(absolute);
  if (kind === 'missing') {
    throw new MovieLensSourceError(`${label} ${absolute} does not exist`);
  }
  if (kind === 'file') {
    const { entries } = readDatasetZip(absolute, subfolder);
    return { files: pickDatasetFiles((name) => entries.get(name)), source: absolute };
  }

  for (const folder of [absolute, join(absolute, subfolder)]) {
    if (await hasDatasetFiles(folder)) {
      const contents = await Promise.all(
        MOVIELENS_FILE_NAMES.map((name) => readFile(join(folder, name))),
      );
      return {
        files: pickDatasetFiles((name) => contents[MOVIELENS_FILE_NAMES.indexOf(name)]),
        source: folder,
      };
    }
  }
  const missing = await missingFiles(absolute);
  throw new MovieLensSourceError(
    `${label} ${absolute} is not a MovieLens folder: ${missing.join(', ')} not found there ` +
      `nor in its ${subfolder}/ subfolder`,
  );
}

/** True when `folder` holds all three CSV files. */
export async function hasDatasetFiles(folder: string): Promise<boolean> {
  return (await missingFiles(folder)).length === 0;
}

async function missingFiles(folder: string): Promise<string[]> {
  const kinds = await Promise.all(MOVIELENS_FILE_NAMES.map((name) => pathKind(join(folder, name))));
  return MOVIELENS_FILE_NAMES.filter((_, i) => kinds[i] !== 'file');
}

function pickDatasetFiles(
  get: (name: MovieLensFileName) => Buffer | undefined,
): Record<MovieLensFileName, Buffer> {
  const files: Partial<Record<MovieLensFileName, Buffer>> = {};
  for (const name of MOVIELENS_FILE_NAMES) {
    const data = get(name);
    if (!data) throw new MovieLensSourceError(`${name} is missing`);
    files[name] = data;
  }
  return files as Record<MovieLensFileName, Buffer>;
}

async function pathKind(path: string): Promise<'file' | 'directory' | 'missing' | 'other'> {
  try {
    const info = await stat(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}
