import AdmZip from 'adm-zip';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Helpers for this package's tests: temporary folders and hand-built zips. */

export async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'marquee-movielens-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * A zip holding `files` under `folder` ("ml-latest-small/" like the official one, or "").
 * Entries are stored uncompressed so a test can find a file's bytes and damage them.
 */
export function buildZip(files: Record<string, string>, folder = 'ml-latest-small/'): Buffer {
  const zip = new AdmZip();
  for (const [name, text] of Object.entries(files)) {
    zip.addFile(folder + name, Buffer.from(text, 'utf8'));
    const entry = zip.getEntry(folder + name);
    if (entry) entry.header.method = 0;
  }
  return zip.toBuffer();
}

/** A copy of `zip` with one byte of `marker` changed, so that entry fails its CRC check. */
export function corruptZip(zip: Buffer, marker: string): Buffer {
  const copy = Buffer.from(zip);
  const at = copy.indexOf(marker);
  if (at < 0) throw new Error(`marker ${marker} not found in the zip`);
  copy[at] = (copy[at] ?? 0) ^ 0x20;
  return copy;
}
