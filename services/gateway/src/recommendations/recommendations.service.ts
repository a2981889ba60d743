import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  type Recommendation,
  type RecommendationsResponse,
  recommendJobResult,
} from '@marquee/contracts';
import { ModelRegistry } from '@marquee/db';
import { randomUUID } from 'node:crypto';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { DomainError } from '../errors/domain-error';
import { UsersRepository } from '../identity/users.repository';
import { MovieMapper } from '../movies/movie-mapper';
import { MoviesRepository } from '../movies/movies.repository';
import { RecommendJobError, RecommendJobsRepository } from '../queue/recommend-jobs.repository';
import { RatingsRepository } from '../ratings/ratings.repository';
import { SkipsRepository } from '../skips/skips.repository';

export const NO_MODEL_MESSAGE =
  'No model is ready yet: the first model is still training. Try again in a minute.';
/** The recommender fails a job with an Error whose message starts with this. */
export const NO_MODEL_PREFIX = 'NO_MODEL:';

@Injectable()
export class RecommendationsService {
  private readonly logger = new Logger('Recommendations');

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly registry: ModelRegistry,
    private readonly users: UsersRepository,
    private readonly ratings: RatingsRepository,
    private readonly skips: SkipsRepository,
    private readonly jobs: RecommendJobsRepository,
    private readonly movies: MoviesRepository,
    private readonly mapper: MovieMapper,
  ) {}

  async recommend(anonId: string, count: number): Promise<RecommendationsResponse> {
    if ((await this.registry.getActive()) === null) {
      throw new DomainError('NO_MODEL', NO_MODEL_MESSAGE);
    }
    const userId = await this.users.findIdByAnonId(anonId);
    const [ratings, skipped] =
      userId === null
        ? [[], []]
        : await Promise.all([this.ratings.listPairs(userId), this.skips.listMovieIds(userId)]);
    const requestId = randomUUID();
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
    const rows = await this.movies.findByIds(parsed.data.items.map((i) => i.movieId));
    const byId = new Map(rows.map((r) => [r.id, r]));
    const items: Recommendation[] = parsed.data.items.flatMap((item) => {
      const row = byId.get(item.movieId);
      return row
        ? [{ movie: this.mapper.toMovie(row), predictedRating: item.predictedRating }]
        : [];
    });
    if (items.length < parsed.data.items.length) {
      this.logger.warn(
        `Recommend job ${requestId}: ${parsed.data.items.length - items.length} films are not in the database`,
      );
    }
    return { modelVersion: parsed.data.modelVersion, items };
  }

  private async runJob(
    requestId: string,
    data: Parameters<RecommendJobsRepository['run']>[0],
  ): Promise<unknown> {
    const deadline = this.config.recommendTimeoutMs;
    try {
      return await this.jobs.run(data, deadline);
    } catch (err) {
      if (!(err instanceof RecommendJobError)) {
        throw err;
      }
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
