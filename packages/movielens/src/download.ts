import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { DATASET_FOLDER } from './dataset-files';
import { errorMessageWithCause } from './describe-error';
import { MovieLensSourceError } from './errors';

export const OFFLINE_HINT = offlineHint(DATASET_FOLDER);

/** What to do without internet, for the release `name`. */
export function offlineHint(name: string): string {
  const hint =
    `Without internet access, set MOVIELENS_DIR to a folder or .zip holding ${name} ` +
    '(ratings.csv, movies.csv, links.csv)';
  return name === DATASET_FOLDER
    ? `${hint}.`
    : `${hint}, or to a synthetic folder of that size (npm run movielens -- synth).`;
}

/** Give up when the server sends nothing for this long (connecting included). */
const IDLE_TIMEOUT_MS = 60_000;
const MB = 1024 * 1024;

/**
 * Streams `url` into `destination`, reporting progress by tenths (or by MB when the size is
 * unknown), and returns the size, sha256 and md5 of what was written. Any failure (no network,
 * HTTP error, stalled transfer) becomes a MovieLensSourceError that says what failed and
 * suggests MOVIELENS_DIR (`hint`).
 */
export async function downloadFile(
  url: string,
  destination: string,
  onProgress: (message: string) => void,
  hint: string = OFFLINE_HINT,
): Promise<{ bytes: number; sha256: string; md5: string }> {
  const abort = new AbortController();
  let idle = setTimeout(() => abort.abort(), IDLE_TIMEOUT_MS);
  const stillAlive = () => {
    clearTimeout(idle);
    idle = setTimeout(() => abort.abort(), IDLE_TIMEOUT_MS);
  };
  const failed = (what: string, error?: unknown) =>
    new MovieLensSourceError(`Could not download MovieLens from ${url}: ${what}. ${hint}`, {
      cause: error,
    });

  try {
    let response: Response;
    try {
      response = await fetch(url, { signal: abort.signal });
    } catch (error) {
      throw failed(describeFetchError(error, abort.signal.aborted), error);
    }
    if (!response.ok || !response.body) {
      throw failed(`the server answered HTTP ${response.status} ${response.statusText}`.trim());
    }

    const total = Number(response.headers.get('content-length')) || 0;
    const hash = createHash('sha256');
    // GroupLens publishes an md5 beside each zip; both are cheap next to the transfer.
    const md5 = createHash('md5');
    let received = 0;
    let reported = 0;
    onProgress(`downloading ${url}${total ? ` (${toMb(total)} MB)` : ''}`);
    const meter = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        stillAlive();
        hash.update(chunk);
        md5.update(chunk);
        received += chunk.length;
        const step = total ? Math.floor((received / total) * 10) : Math.floor(received / MB);
        if (step > reported) {
          reported = step;
          onProgress(
            total
              ? `downloading: ${Math.min(100, step * 10)}% (${toMb(received)} of ${toMb(total)} MB)`
              : `downloading: ${toMb(received)} MB`,
          );
        }
        done(null, chunk);
      },
    });

    try {
      // fetch's body is a WHATWG stream; node's typings name the same class in two places.
      const body = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
      await pipeline(body, meter, createWriteStream(destination));
    } catch (error) {
      throw failed(
        `the transfer broke off after ${toMb(received)} MB (${describeFetchError(error, abort.signal.aborted)})`,
        error,
      );
    }
    if (total && received !== total) {
      throw failed(`received ${received} bytes but the server announced ${total}`);
    }
    onProgress(`downloaded ${toMb(received)} MB`);
    return { bytes: received, sha256: hash.digest('hex'), md5: md5.digest('hex') };
  } finally {
    clearTimeout(idle);
  }
}

function describeFetchError(error: unknown, timedOut: boolean): string {
  if (timedOut) return `no data for ${IDLE_TIMEOUT_MS / 1000} s`;
  // undici reports "fetch failed" and keeps the useful part (ENOTFOUND, ECONNREFUSED) in cause.
  return errorMessageWithCause(error);
}

function toMb(bytes: number): string {
  return (bytes / MB).toFixed(1);
}
