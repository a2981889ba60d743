/** What `COPY ... TO STDOUT (FORMAT binary)` starts with (PostgreSQL's COPY docs, "Binary Format"). */
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');
/** The signature, a 32-bit flags field and the 32-bit length of the header extension. */
const HEADER_BYTES = SIGNATURE.length + 8;
/** A tuple's field count of -1 marks the end of the data. */
const TRAILER = -1;

/**
 * Reads the rows of a binary COPY stream whose columns are all NOT NULL and of fixed width
 * (`widths`, in bytes: 4 for int4 and float4), calling `onRow` with the buffer and the offset of
 * each field's value (big-endian, as COPY writes them). Rows may be split across chunks; only the
 * unread part of a split row is kept between chunks. Returns how many rows there were; throws if
 * the stream is not binary COPY of that shape or ends before its trailer.
 */
export async function readFixedWidthRows(
  chunks: AsyncIterable<Buffer>,
  widths: readonly number[],
  onRow: (data: Buffer, offsets: Int32Array) => void,
): Promise<number> {
  const rowBytes = 2 + widths.reduce((sum, w) => sum + 4 + w, 0);
  const offsets = new Int32Array(widths.length);
  let pending: Buffer = Buffer.alloc(0);
  let headerRead = false;
  let ended = false;
  let rows = 0;
  for await (const chunk of chunks) {
    if (ended) throw new Error('binary COPY: data after the trailer');
    const data = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    let at = 0;
    if (!headerRead) {
      if (data.length < HEADER_BYTES) {
        pending = data;
        continue;
      }
      if (!data.subarray(0, SIGNATURE.length).equals(SIGNATURE)) {
        throw new Error('binary COPY: the stream does not start with the PGCOPY signature');
      }
      const extension = data.readUInt32BE(SIGNATURE.length + 4);
      if (data.length < HEADER_BYTES + extension) {
        pending = data;
        continue;
      }
      at = HEADER_BYTES + extension;
      headerRead = true;
    }
    while (data.length - at >= 2) {
      const fields = data.readInt16BE(at);
      if (fields === TRAILER) {
        ended = true;
        at += 2;
        break;
      }
      if (fields !== widths.length) {
        throw new Error(`binary COPY: row ${rows + 1} has ${fields} fields, not ${widths.length}`);
      }
      if (data.length - at < rowBytes) break;
      let field = at + 2;
      for (let i = 0; i < widths.length; i++) {
        const length = data.readInt32BE(field);
        if (length !== widths[i]) {
          throw new Error(
            `binary COPY: row ${rows + 1}, field ${i + 1} is ${
              length === -1 ? 'NULL' : `${length} bytes`
            }, not ${widths[i]} bytes`,
          );
        }
        offsets[i] = field + 4;
        field += 4 + length;
      }
      onRow(data, offsets);
      rows++;
      at = field;
    }
    // A copy, so that the (large) chunk it came from is not kept alive by a few bytes.
    pending = Buffer.from(data.subarray(at));
  }
  if (!ended) throw new Error('binary COPY: the stream ended before its trailer');
  return rows;
}
