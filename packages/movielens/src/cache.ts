import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DATASET_FOLDER } from './dataset-files';
import { errorMessage } from './describe-error';
import { downloadFile, offlineHint } from './download';
import { MovieLensSourceError } from './errors';
import { hasDatasetFiles } from './folder';
import { checkPublishedChecksum, findRelease, type MovieLensRelease } from './releases';
import { readDatasetZip } from './zip';

/**
 * The download cache, one set of files per release (ml-latest-small, ml-32m, ...). After a
 * download `cacheDir` holds, e.g. for ml-latest-small:
 *   ml-latest-small.zip          the archive as downloaded
 *   ml-latest-small.zip.sha256   its sha256 ("<hex>  ml-latest-small.zip", sha256sum format)
 *   ml-latest-small/             the unpacked dataset folder
 * Each is written under a temporary name and renamed into place, the folder last, so a
 * folder that exists is complete.
 */
export const CACHED_ZIP = cachedZip(DATASET_FOLDER);

function cachedZip(name: string): string {
  return `${name}.zip`;
}

function checksumFile(name: string): string {
  return `${cachedZip(name)}.sha256`;
}

/**
 * The unpacked folder of a previous download of the release `name`, or null. With
 * `expectedSha256` set, a copy whose recorded checksum differs (or is missing) does not count.
 */
export async function findCachedDataset(
  cacheDir: string,
  expectedSha256: string | undefined,
  name: string = DATASET_FOLDER,
): Promise<string | null> {
  const folder = join(cacheDir, name);
  if (!(await hasDatasetFiles(folder))) return null;
  if (expectedSha256) {
    const recorded = await readRecordedChecksum(cacheDir, name);
    if (recorded !== expectedSha256) return null;
  }
  return folder;
}

export async function readRecordedChecksum(
  cacheDir: string,
  name: string = DATASET_FOLDER,
): Promise<string | null> {
  try {
    const text = await readFile(join(cacheDir, checksumFile(name)), 'utf8');
    return text.split(/\s/)[0]?.toLowerCase() || null;
  } catch {
    return null;
  }
}

/**
 * Downloads the release's zip, checks it (size and md5 equal to the published ones when the
 * release pins them, sha256 equal to `expectedSha256` when given, readable zip, every entry's
 * CRC, the three CSVs present), then installs zip, checksum and unpacked folder into `cacheDir`.
 * Returns the folder and the dataset's files, already in memory.
 */
export async function downloadIntoCache(options: {
  url: string;
  cacheDir: string;
  expectedSha256: string | undefined;
  onProgress: (message: string) => void;
  /** Default: ml-latest-small. */
  release?: MovieLensRelease;
}): Promise<{ folder: string; entries: Map<string, Buffer>; sha256: string }> {
  const { url, cacheDir, expectedSha256, onProgress } = options;
  const release = options.release ?? findRelease(DATASET_FOLDER);
  const name = release.name;
  await mkdir(cacheDir, { recursive: true });
  const tag = `${process.pid}-${randomBytes(4).toString('hex')}`;
  const partialZip = join(cacheDir, `.${cachedZip(name)}.${tag}.part`);
  const partialFolder = join(cacheDir, `.${name}.${tag}.part`);
  try {
    const download = await downloadFile(url, partialZip, onProgress, offlineHint(name));
    const { sha256 } = download;
    const published = checkPublishedChecksum(release, url, download);
    if (expectedSha256 && sha256 !== expectedSha256) {
      throw new MovieLensSourceError(
        `The file downloaded from ${url} has sha256 ${sha256} but MOVIELENS_SHA256 is ` +
          `${expectedSha256}; the download was rejected`,
      );
    }
    let entries: Map<string, Buffer>;
    try {
      entries = readDatasetZip(partialZip, name).entries;
    } catch (error) {
      const reason = errorMessage(error);
      throw new MovieLensSourceError(
        `The file downloaded from ${url} was rejected: ${reason.replace(partialZip, 'it')}`,
        { cause: error },
      );
    }
    onProgress(`verified ${url} (sha256 ${sha256})`);
    if (release.md5 !== null) onProgress(published);

    await mkdir(partialFolder);
    for (const [file, data] of entries) await writeFile(join(partialFolder, file), data);
    await rename(partialZip, join(cacheDir, cachedZip(name)));
    await writeAtomically(
      join(cacheDir, checksumFile(name)),
      `${sha256}  ${cachedZip(name)}\n`,
      tag,
    );
    const folder = join(cacheDir, name);
    await rm(folder, { recursive: true, force: true });
    await rename(partialFolder, folder);
    onProgress(`unpacked into ${folder}`);
    return { folder, entries, sha256 };
  } finally {
    await rm(partialZip, { force: true });
    await rm(partialFolder, { recursive: true, force: true });
  }
}

async function writeAtomically(path: string, text: string, tag: string): Promise<void> {
  const temporary = join(dirname(path), `.${tag}.tmp`);
  await writeFile(temporary, text);
  await rename(temporary, path);
}

/** <repo>/data/movielens: the nearest folder above this package with a workspaces package.json. */
export function defaultCacheDir(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isWorkspaceRoot(manifest)) return join(dir, 'data', 'movielens');
  }
  return join(process.cwd(), 'data', 'movielens');
}

function isWorkspaceRoot(manifest: string): boolean {
  try {
    return 'workspaces' in (JSON.parse(readFileSync(manifest, 'utf8')) as object);
  } catch {
    return false;
  }
}
