import { Injectable } from '@nestjs/common';
import type { SkipResponse } from '@marquee/contracts';
import { DomainError } from '../errors/domain-error';
import { MovieSampler } from '../movies/movie-sampler.service';
import { SkipsRepository } from './skips.repository';

@Injectable()
export class SkipsService {
  constructor(
    private readonly skips: SkipsRepository,
    private readonly sampler: MovieSampler,
  ) {}

  /** Records the skip, then offers one more movie the user has not rated or skipped. */
  async skip(anonId: string, movieId: number): Promise<SkipResponse> {
    const { movieFound, userId } = await this.skips.record(anonId, movieId);
    if (!movieFound) {
      throw new DomainError('MOVIE_NOT_FOUND', `There is no film with id ${movieId}`);
    }
    const [replacement] = await this.sampler.sample(userId, 1, [movieId]);
    return { replacement: replacement ?? null };
  }
}
