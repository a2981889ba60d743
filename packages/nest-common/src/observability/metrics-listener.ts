import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry } from 'prom-client';

/** Where a separate metrics listener binds (MetricsOptions.listener). */
export interface MetricsListenerOptions {
  /** 0 picks a free port (tests; read it back with MetricsListener.port). */
  port: number;
  /** Default 0.0.0.0: reachable inside the network; keep the port unpublished. */
  host?: string;
}

/** The body of GET /metrics on any listener: Prometheus text, never cached. */
async function answerScrape(registry: Registry, res: ServerResponse): Promise<void> {
  const text = await registry.metrics();
  res.writeHead(200, {
    'Content-Type': Registry.PROMETHEUS_CONTENT_TYPE,
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

function plain(res: ServerResponse, status: number, text: string, headers = {}): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...headers });
  res.end(`${text}\n`);
}

/**
 * A plain HTTP server answering only GET /metrics, on its own port, so the metrics stay off a
 * service's public port (and outside its middleware: no CORS, cookies, rate limit or logs).
 */
export class MetricsListener implements OnApplicationBootstrap, OnModuleDestroy {
  private server: Server | null = null;
  private readonly logger = new Logger('Metrics');

  constructor(
    private readonly registry: Registry,
    private readonly options: MetricsListenerOptions,
  ) {}

  /** Nest starts it with the app (listen or init) and stops it on app.close(). */
  onApplicationBootstrap(): Promise<void> {
    return this.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /** Binds the port; rejects when it cannot (e.g. already in use). */
  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.logger.log(`metrics on http://${this.options.host ?? '0.0.0.0'}:${this.port}/metrics`);
  }

  /** The bound port (the chosen one when options.port was 0). */
  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === 'string') throw new Error('metrics listener not started');
    return (address as AddressInfo).port;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics') return plain(res, 404, 'Not Found');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return plain(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    }
    try {
      await answerScrape(this.registry, res);
    } catch (error) {
      this.logger.error(`scrape failed: ${error instanceof Error ? error.message : String(error)}`);
      if (!res.headersSent) plain(res, 500, 'Internal Server Error');
    }
  }
}
