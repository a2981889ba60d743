import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/** Bytes are handed to the file in chunks of this size. */
const CHUNK_BYTES = 1 << 20;
/**
 * How much the file stream may hold before it asks to wait: several chunks, so that the disk
 * writes one while the next is generated, and memory stays bounded.
 */
const STREAM_BUFFER_BYTES = 8 << 20;

const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const ZERO = 0x30;

/**
 * Writes ASCII text to a file through a write stream, encoding integers straight into byte
 * chunks (no string per row: a 32-million-row file would spend most of its time building and
 * collecting them). A full chunk goes to the stream at once; `drainIfFull` (awaited between
 * batches of rows, e.g. after each user) waits while the stream's buffer is over its mark. So
 * memory holds the stream's buffer plus one batch, whatever the file's size. `close` writes the
 * rest and resolves once the file is complete; a write error rejects the next await.
 */
export class ChunkedFileWriter {
  private buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  private at = 0;
  private handed = 0;
  private failure: Error | null = null;

  private constructor(private readonly stream: WriteStream) {
    stream.on('error', (error) => {
      this.failure ??= error;
    });
  }

  /** Opens (creates or truncates) `path`; fails here if it cannot be opened. */
  static async open(path: string): Promise<ChunkedFileWriter> {
    const stream = createWriteStream(path, { highWaterMark: STREAM_BUFFER_BYTES });
    const writer = new ChunkedFileWriter(stream);
    await once(stream, 'open');
    return writer;
  }

  /** Bytes written so far (handed to the stream or waiting in the chunk). */
  get bytes(): number {
    return this.handed + this.at;
  }

  /** Text of 7-bit ASCII characters (a header row). */
  ascii(text: string): void {
    this.ensure(text.length);
    this.at += this.buffer.write(text, this.at, 'latin1');
  }

  /** A whole number >= 0 in decimal. */
  int(value: number): void {
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    this.ensure(digits);
    const { buffer } = this;
    let at = this.at + digits;
    this.at = at;
    let rest = value;
    do {
      const next = Math.floor(rest / 10);
      buffer[--at] = ZERO + rest - next * 10;
      rest = next;
    } while (rest > 0);
  }

  /** "4.5" from 9: stars given in halves (0..10), as MovieLens writes them. */
  halfStars(halves: number): void {
    this.ensure(3);
    const { buffer } = this;
    buffer[this.at] = ZERO + (halves >> 1);
    buffer[this.at + 1] = 0x2e;
    buffer[this.at + 2] = halves & 1 ? ZERO + 5 : ZERO;
    this.at += 3;
  }

  comma(): void {
    this.ensure(1);
    this.buffer[this.at++] = COMMA;
  }

  /** CRLF, as the MovieLens files end their lines. */
  endLine(): void {
    this.ensure(2);
    this.buffer[this.at++] = CR;
    this.buffer[this.at++] = LF;
  }

  /** Waits while the stream holds more than its mark; call between batches of rows. */
  async drainIfFull(): Promise<void> {
    this.check();
    if (this.at >= CHUNK_BYTES / 2) this.hand();
    if (this.stream.writableNeedDrain) await once(this.stream, 'drain');
    this.check();
  }

  async close(): Promise<void> {
    this.check();
    this.hand();
    this.stream.end();
    await finished(this.stream);
    this.check();
  }

  /** Closes the file after a failure elsewhere, without waiting for what is pending. */
  destroy(): void {
    this.stream.destroy();
  }

  private ensure(bytes: number): void {
    if (this.at + bytes > this.buffer.length) {
      this.hand();
      if (bytes > this.buffer.length) this.buffer = Buffer.allocUnsafe(bytes);
    }
  }

  /** Gives the filled part of the chunk to the stream (which keeps it) and starts a new one. */
  private hand(): void {
    if (this.at === 0) return;
    this.stream.write(this.buffer.subarray(0, this.at));
    this.handed += this.at;
    this.buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    this.at = 0;
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}
