import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { isDbError, ModelRegistry } from '@marquee/db';
import {
  artifactChecksum,
  deserializeArtifact,
  initBackend,
  MovieSimilarity,
  NcfScorer,
} from '@marquee/ncf';
import type { RecommenderConfig } from '../config/recommender-config';
import { RECOMMENDER_CONFIG } from '../core/tokens';
import { MovieCatalogue, type MovieFacts } from './movie-catalogue';
import { MovieFactsRepository } from './movie-facts.repository';

/** One loaded, verified, warmed-up model version. Immutable: a swap replaces the whole object. */
export interface ServingModel {
  readonly version: number;
  readonly checksum: string;
  readonly scorer: NcfScorer;
  /** The movies' co-rating neighbour lists, for "because you rated …". */
  readonly similarity: MovieSimilarity;
  /** The genres and years of its movies, for filtered requests. */
  readonly movies: MovieCatalogue;
  readonly loadedAt: Date;
}

/** A job's hold on the model it started with; release it when the job is done with it. */
export interface ModelLease {
  readonly model: ServingModel;
  /** Idempotent. The last release of a model that was swapped out disposes it. */
  release(): void;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The one owner of the model this replica serves. It follows the registry's ACTIVE version
 * (at boot, on a model.published event, on a timer): load, verify, warm up, then swap a single
 * reference. A failed load leaves the current model serving.
 *
 * A scorer holds tensors on the TensorFlow.js backend, so a model swapped out must be disposed
 * (or every new version would leak its item part). Jobs take a lease on the model they start
 * with (acquire/release); a swapped-out model is disposed when its last lease is released, at
 * once if it has none.
 */
@Injectable()
export class ModelHolder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ModelHolder.name);
  private model: ServingModel | null = null;
  private inFlight: Promise<void> | null = null;
  private rerunRequested = false;
  private timer: NodeJS.Timeout | null = null;
  /** Versions this replica failed to load; not retried on every poll. */
  private readonly rejected = new Set<number>();
  private warnedNoActive = false;
  /** Unreleased leases per model; a model absent here has none. */
  private readonly leases = new Map<ServingModel, number>();

  constructor(
    @Inject(RECOMMENDER_CONFIG) private readonly config: RecommenderConfig,
    private readonly registry: ModelRegistry,
    private readonly movieFacts: MovieFactsRepository,
  ) {}

  /** The model being served, to look at (version, size). Jobs that score use acquire(). */
  current(): ServingModel | null {
    return this.model;
  }

  /**
   * The model for one job, held until the lease is released: a swap during the job neither
   * changes the model the job uses nor frees it under the job. Null if no model is loaded.
   */
  acquire(): ModelLease | null {
    const model = this.model;
    if (!model) return null;
    this.leases.set(model, (this.leases.get(model) ?? 0) + 1);
    let released = false;
    return {
      model,
      release: () => {
        if (released) return;
        released = true;
        this.releaseLease(model);
      },
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    // Before the first load: the scorer runs on the tensor engine only on wasm or tfjs-node.
    const backend = await initBackend();
    this.logger.log(`TensorFlow.js backend: ${backend}`);
    await this.refresh('startup');
    this.timer = setInterval(() => void this.refresh('poll'), this.config.modelPollIntervalMs);
    this.timer.unref();
  }

  /**
   * The last shutdown step: the worker has stopped taking jobs and finished its active ones
   * (beforeApplicationShutdown), so no job can find the model gone and fail with NO_MODEL.
   */
  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.inFlight;
    const last = this.model;
    this.model = null;
    if (last) this.retire(last);
  }

  private releaseLease(model: ServingModel): void {
    const left = (this.leases.get(model) ?? 1) - 1;
    if (left > 0) {
      this.leases.set(model, left);
      return;
    }
    this.leases.delete(model);
    // A model object is never served again once replaced, so "not current" means retired.
    if (model !== this.model) this.dispose(model, 'its last job finished');
  }

  /** Called once the model is no longer current: dispose now, or when its last lease goes. */
  private retire(model: ServingModel): void {
    if (this.leases.has(model)) return;
    this.dispose(model, 'no job holds it');
  }

  private dispose(model: ServingModel, why: string): void {
    model.scorer.dispose();
    this.logger.log(`disposed version ${model.version} (${why})`);
  }

  /**
   * Brings the served model in line with the registry. One refresh runs at a time; a call
   * made while one runs makes it check once more and resolves when that check is done.
   * Never rejects: failures are logged.
   */
  refresh(trigger: string): Promise<void> {
    if (this.inFlight) {
      this.rerunRequested = true;
      return this.inFlight;
    }
    this.inFlight = (async () => {
      try {
        do {
          this.rerunRequested = false;
          await this.syncWithRegistry(trigger);
        } while (this.rerunRequested);
      } finally {
        this.inFlight = null;
      }
    })();
    return this.inFlight;
  }

  private async syncWithRegistry(trigger: string): Promise<void> {
    let active: Awaited<ReturnType<ModelRegistry['getActive']>>;
    try {
      active = await this.registry.getActive();
    } catch (error) {
      this.logger.error(`${trigger}: could not read the active version: ${message(error)}`);
      return;
    }
    if (!active) {
      if (!this.warnedNoActive) {
        this.logger.warn(
          `${trigger}: the registry has no ACTIVE version` +
            (this.model ? `; still serving version ${this.model.version}` : '; no model to serve'),
        );
        this.warnedNoActive = true;
      }
      return;
    }
    this.warnedNoActive = false;
    if (active.version === this.model?.version || this.rejected.has(active.version)) return;
    await this.load(active.version, active.checksum, trigger);
  }

  private async load(version: number, expectedChecksum: string | null, trigger: string) {
    const started = Date.now();
    let bytes: Buffer;
    let storedChecksum: string;
    try {
      ({ bytes, checksum: storedChecksum } = await this.registry.loadArtifact(version));
    } catch (error) {
      this.logger.error(
        `${trigger}: could not read version ${version}'s artifact: ${message(error)}`,
      );
      if (isDbError(error, 'ARTIFACT_NOT_FOUND')) {
        this.rejected.add(version);
        await this.markFailed(version, `load failed: ${message(error)}`);
      }
      return;
    }
    let facts: MovieFacts[];
    try {
      facts = await this.movieFacts.all();
    } catch (error) {
      this.logger.error(
        `${trigger}: could not read the films' genres and years: ${message(error)}`,
      );
      return;
    }
    // Reading can fail for passing reasons (retried on the next poll); bytes that do not verify
    // or load cannot, so that version is marked FAILED.
    let model: ServingModel;
    try {
      model = this.verifyAndWarmUp(version, bytes, storedChecksum, expectedChecksum, facts);
    } catch (error) {
      const reason = `load failed: ${message(error)}`;
      this.rejected.add(version);
      this.logger.error(
        `${trigger}: version ${version} ${reason}` +
          (this.model ? `; still serving version ${this.model.version}` : '; no model to serve'),
      );
      await this.markFailed(version, reason);
      return;
    }
    const previous = this.model;
    this.model = model;
    this.logger.log(
      `${trigger}: now serving version ${version} (${model.scorer.movieIds.length} movies, ` +
        `${model.scorer.regularMovieCount} recommendable, ` +
        `${model.scorer.engine} engine, loaded in ${Date.now() - started} ms)` +
        (previous ? `, replacing version ${previous.version}` : ''),
    );
    if (previous) this.retire(previous);
  }

  private verifyAndWarmUp(
    version: number,
    bytes: Buffer,
    storedChecksum: string,
    expectedChecksum: string | null,
    facts: readonly MovieFacts[],
  ): ServingModel {
    const actual = artifactChecksum(bytes);
    if (actual !== storedChecksum || (expectedChecksum !== null && actual !== expectedChecksum)) {
      throw new Error(
        `checksum mismatch: artifact bytes hash to ${actual}, registry says ${storedChecksum}`,
      );
    }
    const artifact = deserializeArtifact(bytes);
    const scorer = NcfScorer.fromArtifact(artifact, {
      minRatings: this.config.minRatings,
    });
    try {
      const probe = scorer.movieIds[0];
      if (probe === undefined) throw new Error('the model knows no movies');
      const warmUp = scorer.recommend({
        ratings: [{ movieId: probe, rating: 4 }],
        excludeMovieIds: [],
        count: 3,
      });
      if (warmUp.length === 0 || warmUp.some((item) => !Number.isFinite(item.predictedRating))) {
        throw new Error('warm-up produced no finite predictions');
      }
    } catch (error) {
      scorer.dispose();
      throw error;
    }
    const similarity = MovieSimilarity.fromArtifact(artifact);
    const movies = MovieCatalogue.build(scorer.movieIds, facts);
    return { version, checksum: actual, scorer, similarity, movies, loadedAt: new Date() };
  }

  private async markFailed(version: number, reason: string): Promise<void> {
    try {
      const { reactivated } = await this.registry.markFailed(version, reason);
      this.logger.warn(
        `version ${version} marked FAILED in the registry` +
          (reactivated === null ? '' : `; version ${reactivated} is active again (rolled back)`),
      );
    } catch (error) {
      this.logger.error(`could not mark version ${version} FAILED: ${message(error)}`);
    }
  }
}
