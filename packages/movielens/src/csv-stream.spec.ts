import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ChunkedFileWriter } from './csv-stream';
import { withTempDir } from './test-support';

describe('ChunkedFileWriter', () => {
  it('writes integers, half stars, commas and CRLF as MovieLens text', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'out.csv');
      const writer = await ChunkedFileWriter.open(path);
      writer.ascii('a,b\r\n');
      const numbers = [0, 7, 10, 99, 1_000, 123_456, 2_147_483_647, 2_147_483_648, 1_697_068_800];
      for (const [i, n] of numbers.entries()) {
        writer.int(n);
        writer.comma();
        writer.halfStars(i + 1);
        writer.endLine();
      }
      await writer.close();
      const expected = numbers.map((n, i) => `${n},${((i + 1) / 2).toFixed(1)}\r\n`).join('');
      expect(await readFile(path, 'utf8')).toBe(`a,b\r\n${expected}`);
      expect(writer.bytes).toBe(Buffer.byteLength(`a,b\r\n${expected}`));
    });
  });

  it('writes files many chunks long intact, waiting for the stream to drain', async () => {
    await withTempDir(async (dir) => {
      const path = join(dir, 'big.csv');
      const writer = await ChunkedFileWriter.open(path);
      const rows = 600_000; // about 9 MB: several chunks and more than the stream's buffer
      for (let i = 0; i < rows; i++) {
        writer.int(i);
        writer.comma();
        writer.int(rows - i);
        writer.endLine();
        if (i % 1_000 === 0) await writer.drainIfFull();
      }
      await writer.close();
      const lines = (await readFile(path, 'utf8')).split('\r\n');
      expect(lines).toHaveLength(rows + 1);
      expect(lines[0]).toBe(`0,${rows}`);
      expect(lines[123_457]).toBe(`123457,${rows - 123_457}`);
      expect(lines[rows - 1]).toBe(`${rows - 1},1`);
    });
  });

  it('fails when the file cannot be opened', async () => {
    await withTempDir(async (dir) => {
      await expect(ChunkedFileWriter.open(join(dir, 'missing', 'out.csv'))).rejects.toThrow(
        'ENOENT',
      );
    });
  });
});
