import type { Response } from 'express';

/** How long EventSource waits before reconnecting after the stream drops. */
const RECONNECT_MS = 3_000;

/**
 * A Server-Sent Events response: JSON `data:` messages, heartbeat comments while idle, and one
 * cleanup when the client goes away or the server ends the stream, whichever comes first.
 */
export class SseStream {
  private readonly heartbeat: NodeJS.Timeout;
  private closed = false;
  private readonly onClose: (() => void)[] = [];

  constructor(
    private readonly res: Response,
    heartbeatMs: number,
  ) {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    // no-transform: compression middleware (e.g. a proxy's) must not buffer the stream.
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    res.write(`retry: ${RECONNECT_MS}\n\n`);
    this.heartbeat = setInterval(() => this.write(': heartbeat\n\n'), heartbeatMs);
    res.on('close', () => this.cleanUp());
  }

  /** Runs once the stream is over, for any reason. */
  whenClosed(callback: () => void): void {
    if (this.closed) callback();
    else this.onClose.push(callback);
  }

  send(data: unknown): void {
    this.write(`data: ${JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (!this.closed) this.res.end();
    this.cleanUp();
  }

  private write(chunk: string): void {
    if (!this.closed) this.res.write(chunk);
  }

  private cleanUp(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const callback of this.onClose.splice(0)) callback();
  }
}
