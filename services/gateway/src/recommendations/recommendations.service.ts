import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  jobFailureCode,
  isFiltering,
  matchesFilter,
  type RecommendationFilter,
  type RecommendJobResult,
  type RecommendationsResponse,
  recommendJobResult,
} from '@marquee/contracts';
import { throttledErrorLogger } from '@marquee/nest-common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { Deadline, currentDeadline } from '../deadlines/deadline';
import { DomainError, type ErrorCode } from '../errors/domain-error';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { RecommendJobError, RecommendJobsRepository } from '../queue/recommend-jobs.repository';
import { ActiveModelCache } from './active-model.cache';
import { LastRecommendationsRepository } from './last-recommendations.repository';
import { PerKeyInterval } from './per-key-interval';
import { RecommendInputsRepository, type RecommendInputs } from './recommend-inputs.repository';
import { RecommendationFallback } from './recommendation-fallback';
import { RecommendationItems } from './recommendation-items';

export const NO_MODEL_MESSAGE =
  'No model is ready yet: the first model is still training. Try again in a minute.';

/**
 * A user's last list is saved at most this often: the fallback needs a recent list, not every
 * one, and a write per answer would cost Postgres more than the answer itself.
 */
const LAST_LIST_SAVE_INTERVAL_MS = 30_000;

/** The recommender could not answer in time: answered from what the gateway knows instead. */
const FALLBACK_CODES: ReadonlySet<ErrorCode> = new Set(['RECOMMEND_TIMEOUT', 'QUEUE_UNAVAILABLE']);

@Injectable()
export class RecommendationsService {
  private readonly logger = new Logger('Recommendations');
  private readonly warnFallback = throttledErrorLogger(this.logger, 'Answering from a fallback');
  private readonly lastListSaves = new PerKeyInterval(LAST_LIST_SAVE_INTERVAL_MS);

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly activeModel: ActiveModelCache,
    private readonly inputs: RecommendInputsRepository,
    private readonly jobs: RecommendJobsRepository,
    private readonly items: RecommendationItems,
    private readonly fallback: RecommendationFallback,
    private readonly lastLists: LastRecommendationsRepository,
    private readonly metrics: GatewayMetrics,
  ) {}

  /**
   * The model's list for the user, within the request's deadline. When the recommender has not
   * answered by RECOMMEND_FALLBACK_MS before it, the user's last list or the popular movies,
   * marked as such. `requestId` is the HTTP request's (x-request-id): the job carries it.
   * `filter` limits the list to a genre and/or a decade: the recommender applies it to the
   * whole catalogue before its top-k step, so it still fills the list when enough movies match.
   */
  async recommend(
    anonId: string,
    count: number,
    requestId: string,
    filter: RecommendationFilter = {},
  ): Promise<RecommendationsResponse> {
    const deadlines = this.config.deadlines;
    const deadline = currentDeadline() ?? Deadline.after(deadlines.recommend);
    const active = await this.metrics.stage('active_model', () => this.activeModel.get());
    if (active === null) {
      throw new DomainError('NO_MODEL', NO_MODEL_MESSAGE);
    }
    const user = await this.metrics.stage('user_data', () => this.inputs.read(anonId));
    try {
      const modelDeadline = deadline.minus(deadlines.recommendFallbackMs);
      return await this.fromModel(anonId, user, count, requestId, modelDeadline, filter);
    } catch (err) {
      if (!(err instanceof DomainError) || !FALLBACK_CODES.has(err.code)) throw err;
      const answer = await this.fallback.answer(user, count, filter);
      if (answer === null) throw err;
      this.metrics.recommendFallbacks.inc({ source: answer.source.kind });
      this.warnFallback(`${err.code}: ${err.message}`);
      return answer;
    }
  }

  private async fromModel(
    anonId: string,
    user: RecommendInputs,
    count: number,
    requestId: string,
    deadline: Deadline,
    filter: RecommendationFilter,
  ): Promise<RecommendationsResponse> {
    const filtered = isFiltering(filter);
    const raw = await this.runJob(requestId, deadline, {
      requestId,
      // A user who has written nothing has no users row yet; the recommender only needs an id.
      userId: user.userId === null ? `anon:${anonId}` : String(user.userId),
      ratings: user.ratings,
      // Watchlisted movies are saved already: recommending them again would only repeat them.
      excludeMovieIds: [...user.skipped, ...user.watchlisted],
      notInterestedMovieIds: user.notInterested,
      ...(filtered ? { filter } : {}),
      count,
    });
    const parsed = recommendJobResult.safeParse(raw);
    if (!parsed.success) {
      this.logger.error(
        `Recommend job ${requestId} returned an invalid result: ${parsed.error.message}`,
      );
      throw new DomainError(
        'RECOMMENDER_FAILED',
        'The recommender answered with an invalid result',
      );
    }
    const result = parsed.data;
    const joined = await this.metrics.stage('movie_join', () =>
      this.items.join(result.items, user.ratings),
    );
    if (joined.length < result.items.length) {
      this.logger.warn(
        `Recommend job ${requestId}: ${result.items.length - joined.length} films are not in the database`,
      );
    }
    // A replica older than filters returns movies of any genre and decade: never shown.
    const items = filtered ? joined.filter((i) => matchesFilter(i.movie, filter)) : joined;
    // A filtered list is not the user's list: the fallback answers unfiltered requests too.
    if (user.userId !== null && !filtered) this.keepAsLast(user.userId, result);
    return {
      modelVersion: result.modelVersion,
      replica: result.replica,
      source: { kind: 'model' },
      items,
    };
  }

  /** Saved after the answer, never delaying it, at most once per LAST_LIST_SAVE_INTERVAL_MS. */
  private keepAsLast(userId: number, result: RecommendJobResult): void {
    if (!this.lastListSaves.take(userId)) return;
    this.lastLists
      .save(userId, { modelVersion: result.modelVersion, items: result.items, madeAt: new Date() })
      .catch((err: unknown) => {
        this.logger.debug(`The last list of user ${userId} was not saved: ${String(err)}`);
      });
  }

  private async runJob(
    requestId: string,
    deadline: Deadline,
    data: Parameters<RecommendJobsRepository['run']>[0],
  ): Promise<unknown> {
    const endWait = this.metrics.recommendWait.startTimer();
    try {
      const result = await this.jobs.run(data, deadline);
      endWait({ outcome: 'ok' });
      return result;
    } catch (err) {
      if (!(err instanceof RecommendJobError)) {
        endWait({ outcome: 'failed' });
        throw err;
      }
      endWait({ outcome: err.kind });
      switch (err.kind) {
        case 'timeout':
          throw new DomainError(
            'RECOMMEND_TIMEOUT',
            'No recommendation arrived in time: the recommender is busy or not running. Try again shortly.',
          );
        case 'unavailable':
          this.logger.debug(`Recommend job ${requestId} could not be queued: ${err.reason}`);
          throw new DomainError(
            'QUEUE_UNAVAILABLE',
            'The recommendation queue is unavailable right now. Try again shortly.',
          );
        case 'failed':
          if (jobFailureCode(err.reason) === 'NO_MODEL') {
            throw new DomainError('NO_MODEL', NO_MODEL_MESSAGE);
          }
          this.logger.error(`Recommend job ${requestId} failed: ${err.reason}`);
          throw new DomainError(
            'RECOMMENDER_FAILED',
            'The recommender failed to answer this request. Try again shortly.',
          );
      }
    }
  }
}
