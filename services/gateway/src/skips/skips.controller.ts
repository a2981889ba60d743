import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { type SkipBody, type SkipResponse, skipBody, skipResponse } from '@marquee/contracts';
import { RouteDeadline } from '../deadlines/route-deadline.decorator';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { AnonId } from '../identity/anon-id.decorator';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { SkipsService } from './skips.service';

@Controller('skips')
export class SkipsController {
  constructor(private readonly skips: SkipsService) {}

  @Post()
  @ApiResult('Skips a film the user has not seen; answers another in its place', skipResponse)
  @Raises('MOVIE_NOT_FOUND', 'DATABASE_UNAVAILABLE')
  @HttpCode(200)
  @RouteDeadline('write')
  skip(
    @AnonId() anonId: string,
    @Body(new ZodValidationPipe(skipBody)) body: SkipBody,
  ): Promise<SkipResponse> {
    return this.skips.skip(anonId, body.movieId);
  }
}
