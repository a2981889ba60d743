import { Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { type ProfileResetResponse, profileResetResponse } from '@marquee/contracts';
import type { Response } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { RouteDeadline } from '../deadlines/route-deadline.decorator';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { AnonId } from './anon-id.decorator';
import { issueIdentity } from './identity.middleware';
import { ProfileRepository } from './profile.repository';

/** The anonymous profile behind the cookie. */
@Controller('profile')
export class ProfileController {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly profiles: ProfileRepository,
  ) {}

  /**
   * "Start over": deletes this profile's ratings and skips and sets a new anonymous id, so the
   * browser starts as a new user; a signed-in account stays, empty. Models already trained keep
   * what they learnt from them.
   */
  @Post('reset')
  @ApiResult(
    "Start over: deletes the profile's ratings and skips and sets a new anonymous identity cookie",
    profileResetResponse,
  )
  @Raises('DATABASE_UNAVAILABLE')
  @HttpCode(200)
  @RouteDeadline('write')
  async reset(
    @AnonId() anonId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProfileResetResponse> {
    const deleted = await this.profiles.deleteAppUser(anonId);
    issueIdentity(res, this.config);
    return { deleted };
  }
}
