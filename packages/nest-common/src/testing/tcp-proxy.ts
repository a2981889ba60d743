import { createServer, type Server, type Socket, connect } from 'node:net';

/** One client connection and its connection to the target, with what is held while paused. */
interface Link {
  client: Socket;
  upstream: Socket;
  held: { to: Socket; chunk: Buffer }[];
}

/**
 * A TCP proxy in front of a shared server (Postgres, Redis), so that a test can take the server
 * away from one app without touching the server itself, which other tests use:
 * - cut(): every connection is destroyed and new ones are refused, as when the server is down;
 * - pause(): connections stay open and new ones are accepted, but no byte goes through in
 *   either direction, as when the server process is stopped (SIGSTOP) or the network hangs;
 * - resume(): back to normal; bytes held during a pause are delivered in order.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly links = new Set<Link>();
  private paused = false;
  /** Client connections accepted since the proxy started (connection attempts made to it). */
  accepted = 0;

  private constructor(
    private readonly target: { host: string; port: number },
    readonly port: number,
  ) {}

  /** Starts a proxy to `target` on a free port of 127.0.0.1. */
  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const probe = createServer();
    const port = await new Promise<number>((resolve, reject) => {
      probe.once('error', reject);
      probe.listen(0, '127.0.0.1', () => resolve((probe.address() as { port: number }).port));
    });
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const proxy = new TcpProxy(target, port);
    await proxy.listen();
    return proxy;
  }

  /** A proxy to the host and port of `url` (postgresql://…, redis://…). */
  static forUrl(url: string): Promise<TcpProxy> {
    const u = new URL(url);
    return TcpProxy.start({ host: u.hostname, port: Number(u.port) });
  }

  /** `url` with its host and port replaced by the proxy's. */
  rewrite(url: string): string {
    const u = new URL(url);
    u.hostname = '127.0.0.1';
    u.port = String(this.port);
    return u.toString();
  }

  /** Open client connections. */
  get connections(): number {
    return this.links.size;
  }

  /** Destroys every connection and refuses new ones until resume(). */
  async cut(): Promise<void> {
    this.paused = false;
    const server = this.server;
    this.server = null;
    for (const link of this.links) this.drop(link);
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Holds every byte, both ways, on open and new connections until resume(). */
  pause(): void {
    this.paused = true;
  }

  /** Forwards again: delivers what a pause held, or accepts connections again after a cut. */
  async resume(): Promise<void> {
    this.paused = false;
    for (const link of this.links) {
      for (const { to, chunk } of link.held.splice(0)) to.write(chunk);
    }
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    await this.cut();
  }

  private listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  private accept(client: Socket): void {
    this.accepted++;
    const upstream = connect(this.target.port, this.target.host);
    const link: Link = { client, upstream, held: [] };
    this.links.add(link);
    const forward = (to: Socket) => (chunk: Buffer) => {
      if (this.paused) link.held.push({ to, chunk });
      else to.write(chunk);
    };
    client.on('data', forward(upstream));
    upstream.on('data', forward(client));
    const end = () => this.drop(link);
    for (const socket of [client, upstream]) {
      socket.setNoDelay(true);
      socket.on('error', end);
      socket.on('close', end);
    }
  }

  private drop(link: Link): void {
    if (!this.links.delete(link)) return;
    link.held.length = 0;
    link.client.destroy();
    link.upstream.destroy();
  }
}
