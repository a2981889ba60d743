import {
  Controller,
  Get,
  Global,
  Header,
  Inject,
  Injectable,
  Module,
  type DynamicModule,
  type INestApplication,
} from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { MetricsListener, type MetricsListenerOptions } from './metrics-listener';

/** Injection token of the service's prom-client Registry (one per app, not the global one). */
export const METRICS_REGISTRY = Symbol('METRICS_REGISTRY');

/** Every metric this project defines starts with this. */
export const METRIC_PREFIX = 'marquee_';

/** Latency buckets (seconds) of request-sized work: 1 ms to 10 s. */
export const LATENCY_BUCKETS = [
  0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10,
];

export interface MetricsOptions {
  /** Added to every series as `service`. */
  service: string;
  /**
   * Serve GET /metrics on a port of its own (MetricsListener) instead of the app's HTTP port,
   * e.g. when the app's port is public: the metrics port stays inside the network.
   */
  listener?: MetricsListenerOptions;
}

@Controller('metrics')
class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  /** Prometheus text format: this service's metrics and the process defaults. */
  @Get()
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  @Header('Cache-Control', 'no-store')
  metrics(): Promise<string> {
    return this.registry.metrics();
  }
}

/**
 * The route label of a request: its route pattern, never the raw URL (bounded cardinality).
 * `req.route` is the last route express matched; a wildcard one is a middleware's (the
 * logger's), so no handler matched.
 */
function routeOf(req: IncomingMessage): string {
  const route = (req as IncomingMessage & { route?: { path?: unknown } }).route;
  const baseUrl = (req as IncomingMessage & { baseUrl?: unknown }).baseUrl;
  if (typeof route?.path !== 'string' || route.path.includes('*')) return 'unmatched';
  return `${typeof baseUrl === 'string' ? baseUrl : ''}${route.path}`;
}

/** marquee_http_request_duration_seconds by method, route and status. */
@Injectable()
export class HttpMetrics {
  readonly duration: Histogram<'method' | 'route' | 'status_code'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.duration = new Histogram({
      name: `${METRIC_PREFIX}http_request_duration_seconds`,
      help: 'HTTP request latency, from arrival to the last byte of the response',
      labelNames: ['method', 'route', 'status_code'],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    });
  }

  /** Express-style middleware timing every request, 404s and middleware errors included. */
  middleware(): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
    return (req, res, next) => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.duration.observe(
          { method: req.method ?? 'GET', route: routeOf(req), status_code: String(res.statusCode) },
          seconds,
        );
      });
      next();
    };
  }
}

/**
 * GET /metrics (Prometheus text) with the process defaults (CPU, memory, event loop lag, GC)
 * and a registry the service's own metrics register in (inject METRICS_REGISTRY). Served on
 * the app's own port, or with `listener` only on a port of its own (the app's port then has no
 * /metrics). Call installHttpMetrics(app) to time every HTTP request.
 */
@Global()
@Module({})
export class MetricsModule {
  static forRoot(options: MetricsOptions): DynamicModule {
    const { listener } = options;
    return {
      module: MetricsModule,
      controllers: listener ? [] : [MetricsController],
      providers: [
        {
          provide: METRICS_REGISTRY,
          useFactory: () => {
            const registry = new Registry();
            registry.setDefaultLabels({ service: options.service });
            collectDefaultMetrics({ register: registry });
            return registry;
          },
        },
        HttpMetrics,
        ...(listener
          ? [
              {
                provide: MetricsListener,
                inject: [METRICS_REGISTRY],
                useFactory: (registry: Registry) => new MetricsListener(registry, listener),
              },
            ]
          : []),
      ],
      exports: [METRICS_REGISTRY, HttpMetrics, ...(listener ? [MetricsListener] : [])],
    };
  }
}

/** Times every request of the app (call before listen, after the app is created). */
export function installHttpMetrics(app: INestApplication): void {
  app.use(app.get(HttpMetrics).middleware());
}
