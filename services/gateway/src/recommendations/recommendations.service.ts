import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  LIKED_RATING,
  type Recommendation,
  type RecommendationReason,
  type RecommendationsResponse,
  type RecommendJobResult,
  recommendJobResult,
} from '@marquee/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { DomainError } from '../errors/domain-error';
import { GatewayMetrics } from '../metrics/gateway-metrics';
import { MovieMapper } from '../movies/movie-mapper';
import { FilmRowsCache } from '../movies/film-rows.cache';
import { RecommendJobError, RecommendJobsRepository } from '../queue/recommend-jobs.repository';
import { ActiveModelCache } from './active-model.cache';
import { RecommendInputsRepository } from './recommend-inputs.repository';

export const NO_MODEL_MESSAGE =
  'No model is ready yet: the first model is still training. Try again in a minute.';
/** The recommender fails a job with an Error whose message starts with this. */
export const NO_MODEL_PREFIX = 'NO_MODEL:';

@Injectable()
export class RecommendationsService {
  private readonly logger = new Logger('Recommendations');

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly activeModel: ActiveModelCache,
    private readonly inputs: RecommendInputsRepository,
    private readonly jobs: RecommendJobsRepository,
    private readonly films: FilmRowsCache,
    private readonly mapper: MovieMapper,
    private readonly metrics: GatewayMetrics,
  ) {}

  /** `requestId` is the HTTP request's (x-request-id): the job carries it to the recommender. */
  async recommend(
    anonId: string,
    count: number,
    requestId: string,
  ): Promise<RecommendationsResponse> {
    const active = await this.metrics.stage('active_model', () => this.activeModel.get());
    if (active === null) {
      throw new DomainError('NO_MODEL', NO_MODEL_MESSAGE);
    }
    const { userId, ratings, skipped } = await this.metrics.stage('user_data', () =>
      this.inputs.read(anonId),
    );
    const raw = await this.runJob(requestId, {
      requestId,
      // A user who has written nothing has no users row yet; the recommender only needs an id.
      userId: userId === null ? `anon:${anonId}` : String(userId),
      ratings,
      excludeMovieIds: skipped,
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
    const items: Recommendation[] = await this.metrics.stage('movie_join', async () => {
      const rows = await this.films.findByIds(parsed.data.items.map((i) => i.movieId));
      const movies = new Map((await this.mapper.toMovies(rows)).map((m) => [m.id, m]));
      const reasons = await this.reasons(parsed.data.items, ratings);
      return parsed.data.items.flatMap((item) => {
        const movie = movies.get(item.movieId);
        const reason = reasons.get(item.movieId) ?? null;
        return movie ? [{ movie, predictedRating: item.predictedRating, reason }] : [];
      });
    });
    if (items.length < parsed.data.items.length) {
      this.logger.warn(
        `Recommend job ${requestId}: ${parsed.data.items.length - items.length} films are not in the database`,
      );
    }
    return { modelVersion: parsed.data.modelVersion, replica: parsed.data.replica, items };
  }

  /**
   * Each item's reason. "Because you rated …" when the recommender cites a film the user still
   * rates LIKED_RATING or more (a replica from before that rule may cite one rated lower); this
   * adds its title and the rating. Otherwise "taste" when the user liked some film, and null
   * when they liked none.
   */
  private async reasons(
    items: RecommendJobResult['items'],
    ratings: { movieId: number; rating: number }[],
  ): Promise<Map<number, RecommendationReason | null>> {
    const liked = new Map(
      ratings.filter((r) => r.rating >= LIKED_RATING).map((r) => [r.movieId, r.rating]),
    );
    const fallback: RecommendationReason | null = liked.size > 0 ? { kind: 'taste' } : null;
    const cited = items.flatMap((i) => (i.because ? [i.because.movieId] : []));
    const anchorIds = [...new Set(cited.filter((id) => liked.has(id)))];
    const anchors = new Map((await this.films.findByIds(anchorIds)).map((row) => [row.id, row]));
    const reasons = new Map<number, RecommendationReason | null>();
    for (const item of items) {
      const anchor = item.because ? anchors.get(item.because.movieId) : undefined;
      const rating = anchor ? liked.get(anchor.id) : undefined;
      reasons.set(
        item.movieId,
        item.because && anchor && rating !== undefined
          ? {
              kind: 'rated',
              movie: { id: anchor.id, title: anchor.title, year: anchor.year },
              rating,
              similarity: item.because.similarity,
            }
          : fallback,
      );
    }
    return reasons;
  }

  private async runJob(
    requestId: string,
    data: Parameters<RecommendJobsRepository['run']>[0],
  ): Promise<unknown> {
    const deadline = this.config.recommendTimeoutMs;
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
            `No recommendation arrived within ${deadline} ms: the recommender is busy or not running. Try again shortly.`,
          );
        case 'unavailable':
          this.logger.error(`Recommend job ${requestId} could not be queued: ${err.reason}`);
          throw new DomainError(
            'QUEUE_UNAVAILABLE',
            'The recommendation queue is unavailable right now. Try again shortly.',
          );
        case 'failed':
          if (err.reason.startsWith(NO_MODEL_PREFIX)) {
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
