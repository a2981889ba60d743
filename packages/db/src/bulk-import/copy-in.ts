import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

/**
 * Runs `COPY ... FROM STDIN` (`sql`) on `client`, sending the text chunks as they come, with
 * backpressure: a chunk is asked for only when the connection has room, so memory holds a few
 * chunks whatever the total. Returns the rows copied. When `chunks` throws, the COPY is
 * cancelled (CopyFail: the server rolls the statement back) and that error is thrown.
 */
export async function copyIn(
  client: ClientBase,
  sql: string,
  chunks: AsyncIterable<string>,
): Promise<number> {
  const sink = client.query(copyFrom(sql));
  await pipeline(Readable.from(chunks), sink);
  return sink.rowCount;
}
