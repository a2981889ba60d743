import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { EVENTS, redisOptionsFromUrl } from '@marquee/contracts';
import { type ActiveModel, ModelRegistry } from '@marquee/db';
import { closeRedisClient, throttledErrorLogger } from '@marquee/nest-common';
import { Redis } from 'ioredis';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { DbRetry } from '../database/db-retry';

/** How long a known active version is trusted without a model.published event. */
export const ACTIVE_MODEL_TTL_MS = 5_000;

/**
 * The registry's ACTIVE version, read once per TTL instead of once per recommendation request.
 * A model.published event (any activation or rollback) drops it at once. "No active model" is
 * never cached: the first model must be served as soon as it is activated. Concurrent misses
 * share one query.
 */
@Injectable()
export class ActiveModelCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ActiveModelCache');
  private cached: { model: ActiveModel; expiresAt: number } | null = null;
  private loading: Promise<ActiveModel | null> | null = null;
  /** Bumped by every invalidation, so a read that started before one is not cached. */
  private generation = 0;
  private subscriber: Redis | null = null;

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly registry: ModelRegistry,
    private readonly retry: DbRetry,
  ) {}

  async get(): Promise<ActiveModel | null> {
    if (this.cached !== null && this.cached.expiresAt > Date.now()) return this.cached.model;
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  invalidate(): void {
    this.generation++;
    this.cached = null;
    this.loading = null;
  }

  private async load(): Promise<ActiveModel | null> {
    const generation = this.generation;
    const model = await this.retry.run(() => this.registry.getActive());
    if (model !== null && generation === this.generation) {
      this.cached = { model, expiresAt: Date.now() + ACTIVE_MODEL_TTL_MS };
    }
    return model;
  }

  /** Listens for model.published on its own connection (a subscribed client can do nothing else). */
  onModuleInit(): void {
    const subscriber = new Redis({
      ...redisOptionsFromUrl(this.config.redisUrl),
      lazyConnect: false,
      maxRetriesPerRequest: null,
    });
    subscriber.on('error', throttledErrorLogger(this.logger, 'Model events subscriber'));
    subscriber.on('message', (channel: string) => {
      if (channel === EVENTS.modelPublished) this.invalidate();
    });
    // After a reconnect an event may have been missed: forget what we knew.
    subscriber.on('ready', () => this.invalidate());
    subscriber.subscribe(EVENTS.modelPublished).catch((error: unknown) => {
      this.logger.warn(
        `not subscribed to ${EVENTS.modelPublished} (the ${ACTIVE_MODEL_TTL_MS} ms TTL still applies): ` +
          (error instanceof Error ? error.message : String(error)),
      );
    });
    this.subscriber = subscriber;
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.subscriber)
      await closeRedisClient(this.logger, 'Model events subscriber', this.subscriber);
    this.subscriber = null;
  }
}
