import AdmZip from 'adm-zip';
import { DATASET_FOLDER, MOVIELENS_FILE_NAMES } from './dataset-files';
import { errorMessage } from './describe-error';
import { MovieLensSourceError } from './errors';

/** The files of the dataset folder inside a zip (ratings.csv, movies.csv, links.csv, ...). */
export interface DatasetZip {
  /** Folder of the dataset inside the zip: "ml-latest-small/" or "" when at the top. */
  prefix: string;
  /** Every file directly inside that folder, by name, decompressed and CRC-checked. */
  entries: Map<string, Buffer>;
}

/**
 * Opens a MovieLens zip and checks it: it must be a readable zip, every entry must
 * decompress with a matching CRC-32, and ratings.csv, movies.csv and links.csv must sit
 * together either at the top or inside one folder (the official zips use the release's name,
 * `folder`: ml-latest-small/, ml-32m/...).
 */
export function readDatasetZip(zipPath: string, folder: string = DATASET_FOLDER): DatasetZip {
  let zip: AdmZip;
  try {
    zip = new AdmZip(zipPath);
  } catch (error) {
    throw new MovieLensSourceError(
      `${zipPath} is not a valid zip archive (${errorMessage(error)})`,
      {
        cause: error,
      },
    );
  }

  const files = new Map<string, Buffer>();
  for (const entry of zip.getEntries()) {
    if (entry.isDirectory) continue;
    try {
      files.set(entry.entryName, entry.getData());
    } catch (error) {
      throw new MovieLensSourceError(
        `${zipPath} is corrupt: entry ${entry.entryName} cannot be extracted (${errorMessage(error)})`,
        { cause: error },
      );
    }
  }

  const prefix = findDatasetPrefix([...files.keys()], folder);
  if (prefix === undefined) {
    const wanted = MOVIELENS_FILE_NAMES.map((name) => `${folder}/${name}`).join(', ');
    throw new MovieLensSourceError(`${zipPath} does not contain ${wanted}`);
  }

  const entries = new Map<string, Buffer>();
  for (const [name, data] of files) {
    const rest = name.slice(prefix.length);
    if (name.startsWith(prefix) && isPlainFileName(rest)) entries.set(rest, data);
  }
  return { prefix, entries };
}

/** "<folder>/" (preferred), "" or another single folder holding all three CSVs. */
function findDatasetPrefix(names: string[], folder: string): string | undefined {
  const present = new Set(names);
  const candidates = names
    .filter((name) => /^([^/]+\/)?ratings\.csv$/.test(name))
    .map((name) => name.slice(0, -'ratings.csv'.length))
    .sort((a, b) => Number(b === `${folder}/`) - Number(a === `${folder}/`));
  return candidates.find((prefix) =>
    MOVIELENS_FILE_NAMES.every((file) => present.has(prefix + file)),
  );
}

/** A name safe to write into a folder: no path separators, no "..". */
export function isPlainFileName(name: string): boolean {
  return /^[\w][\w.-]*$/.test(name);
}
