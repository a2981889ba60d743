import { readFixedWidthRows } from './binary-copy';

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** A binary COPY stream of (int4, int4, float4) rows, as PostgreSQL writes it. */
function binaryCopy(rows: [number, number, number][], extension = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt32BE(extension.length, 4);
  const body = rows.map(([a, b, c]) => {
    const row = Buffer.alloc(26);
    row.writeInt16BE(3, 0);
    row.writeInt32BE(4, 2);
    row.writeInt32BE(a, 6);
    row.writeInt32BE(4, 10);
    row.writeInt32BE(b, 14);
    row.writeInt32BE(4, 18);
    row.writeFloatBE(c, 22);
    return row;
  });
  const trailer = Buffer.alloc(2);
  trailer.writeInt16BE(-1, 0);
  return Buffer.concat([SIGNATURE, header, extension, ...body, trailer]);
}

async function* inChunks(data: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  let at = 0;
  for (let i = 0; at < data.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    yield data.subarray(at, at + size);
    at += size;
  }
}

async function read(chunks: AsyncIterable<Buffer>): Promise<number[][]> {
  const rows: number[][] = [];
  await readFixedWidthRows(chunks, [4, 4, 4], (data, at) =>
    rows.push([data.readInt32BE(at[0]), data.readInt32BE(at[1]), data.readFloatBE(at[2])]),
  );
  return rows;
}

const ROWS: [number, number, number][] = [
  [1, 10, 4.5],
  [1, 12, 0.5],
  [2, 10, 3],
  [-7, 2_000_000_000, 5],
];

describe('readFixedWidthRows', () => {
  it('reads every row, whatever the chunk boundaries', async () => {
    const data = binaryCopy(ROWS);
    for (const sizes of [[data.length], [1], [2], [3, 7], [19], [25, 1], [26], [27], [5, 40, 1]]) {
      expect(await read(inChunks(data, sizes))).toEqual(ROWS);
    }
  });

  it('skips a header extension and reads no rows from an empty result', async () => {
    expect(await read(inChunks(binaryCopy(ROWS, Buffer.from('ext!')), [9]))).toEqual(ROWS);
    expect(await read(inChunks(binaryCopy([]), [4]))).toEqual([]);
  });

  it('returns the row count', async () => {
    const count = await readFixedWidthRows(inChunks(binaryCopy(ROWS), [11]), [4, 4, 4], () => {});
    expect(count).toBe(ROWS.length);
  });

  it('refuses what is not binary COPY of that shape', async () => {
    const data = binaryCopy(ROWS);
    await expect(read(inChunks(Buffer.from('1\t10\t4.5\n'.repeat(4)), [64]))).rejects.toThrow(
      'does not start with the PGCOPY signature',
    );
    await expect(read(inChunks(data.subarray(0, data.length - 2), [8]))).rejects.toThrow(
      'ended before its trailer',
    );
    const withNull = Buffer.from(data);
    withNull.writeInt32BE(-1, 19 + 26 + 18); // second row's third field
    await expect(read(inChunks(withNull, [100]))).rejects.toThrow('row 2, field 3 is NULL');
    await expect(readFixedWidthRows(inChunks(data, [100]), [4, 4], () => {})).rejects.toThrow(
      'row 1 has 3 fields, not 2',
    );
  });
});
