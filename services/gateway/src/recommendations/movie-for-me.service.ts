import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  jobFailureCode,
  type MovieForMeResponse,
  type MovieForMeUnavailableReason,
  movieForMeJobResult,
  SIMILAR_MOVIES_COUNT,
} from '@marquee/contracts';
import { throttledErrorLogger } from '@marquee/nest-common';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { Deadline, currentDeadline } from '../deadlines/deadline';
import { MovieDetailsService } from '../movies/movie-details.service';
import { MovieMapper } from '../movies/movie-mapper';
import { MovieRowsCache } from '../movies/movie-rows.cache';
import { RecommendJobError, RecommendJobsRepository } from '../queue/recommend-jobs.repository';
import { ActiveModelCache } from './active-model.cache';
import { RecommendInputsRepository } from './recommend-inputs.repository';
import { NO_MODEL_MESSAGE } from './recommendations.service';

const MESSAGES: Record<MovieForMeUnavailableReason, string> = {
  NO_MODEL: NO_MODEL_MESSAGE,
  RECOMMEND_TIMEOUT: 'The recommender is busy right now. Try again shortly.',
  QUEUE_UNAVAILABLE: 'The recommender cannot be reached right now. Try again shortly.',
  RECOMMENDER_FAILED: 'The recommender failed to answer. Try again shortly.',
};

function unavailable(reason: MovieForMeUnavailableReason): MovieForMeResponse {
  return { status: 'unavailable', reason, message: MESSAGES[reason] };
}

function reasonOf(err: RecommendJobError): MovieForMeUnavailableReason {
  switch (err.kind) {
    case 'timeout':
      return 'RECOMMEND_TIMEOUT';
    case 'unavailable':
      return 'QUEUE_UNAVAILABLE';
    case 'failed':
      return jobFailureCode(err.reason) === 'NO_MODEL' ? 'NO_MODEL' : 'RECOMMENDER_FAILED';
  }
}

/**
 * What the model says about one film for this user: its predicted rating (the user folded in as
 * for recommendations) and the films most similar to it, from a movie-for-me job. When no
 * model is active or the recommender cannot answer within the deadline, the answer says so
 * ('unavailable') instead of failing: the film's page shows without it.
 */
@Injectable()
export class MovieForMeService {
  private readonly logger = new Logger('MovieForMe');
  private readonly warnUnavailable = throttledErrorLogger(
    this.logger,
    'A film page answered without the model',
  );

  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly activeModel: ActiveModelCache,
    private readonly details: MovieDetailsService,
    private readonly inputs: RecommendInputsRepository,
    private readonly jobs: RecommendJobsRepository,
    private readonly rows: MovieRowsCache,
    private readonly mapper: MovieMapper,
  ) {}

  async forMe(anonId: string, movieId: number, requestId: string): Promise<MovieForMeResponse> {
    const deadlines = this.config.deadlines;
    const deadline = currentDeadline() ?? Deadline.after(deadlines.recommend);
    await this.details.movie(movieId); // MOVIE_NOT_FOUND before anything else
    if ((await this.activeModel.get()) === null) return unavailable('NO_MODEL');
    const user = await this.inputs.read(anonId);
    let raw: unknown;
    try {
      raw = await this.jobs.runJob(
        {
          kind: 'movieForMe',
          data: {
            requestId,
            userId: user.userId === null ? `anon:${anonId}` : String(user.userId),
            ratings: user.ratings,
            movieId,
            similarCount: SIMILAR_MOVIES_COUNT,
          },
        },
        // The time left after it answers the similar films' join.
        deadline.minus(deadlines.recommendFallbackMs),
      );
    } catch (err) {
      if (!(err instanceof RecommendJobError)) throw err;
      const reason = reasonOf(err);
      if (reason !== 'NO_MODEL') this.warnUnavailable(`${reason}: ${err.reason}`);
      return unavailable(reason);
    }
    const parsed = movieForMeJobResult.safeParse(raw);
    if (!parsed.success) {
      this.logger.error(
        `Movie-for-me job ${requestId} returned an invalid result: ${parsed.error.message}`,
      );
      return unavailable('RECOMMENDER_FAILED');
    }
    const { modelVersion, predictedRating, similar } = parsed.data;
    const rows = await this.rows.findByIds(similar.map((s) => s.movieId));
    const movies = new Map((await this.mapper.toMovies(rows)).map((m) => [m.id, m]));
    return {
      status: 'ready',
      modelVersion,
      predictedRating,
      similar: similar.flatMap(({ movieId: id, similarity }) => {
        const movie = movies.get(id);
        return movie ? [{ movie, similarity }] : [];
      }),
    };
  }
}
