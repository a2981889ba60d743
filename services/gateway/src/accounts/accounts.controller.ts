import { Body, Controller, Delete, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import {
  type AccountResponse,
  type ChangePasswordBody,
  type DeleteAccountBody,
  type SigninBody,
  type SigninResponse,
  type SignupBody,
  accountResponse,
  changePasswordBody,
  deleteAccountBody,
  signinBody,
  signinResponse,
  signupBody,
} from '@marquee/contracts';
import { normalizeIp } from '@nestjs/throttler';
import type { Response } from 'express';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { RouteDeadline } from '../deadlines/route-deadline.decorator';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import type { IdentifiedRequest } from '../identity/identity.middleware';
import { issueIdentity } from '../identity/identity.middleware';
import { clearSessionCookie, setSessionCookie } from '../identity/session-cookie';
import { ApiResult, Raises } from '../openapi/api-doc.decorators';
import { AccountsService, type OpenedSession, type Requester } from './accounts.service';

function requester(req: IdentifiedRequest): Requester {
  if (req.anonId === undefined || req.account === undefined) {
    throw new Error('IdentityMiddleware did not run for this route');
  }
  return {
    anonId: req.anonId,
    account: req.account,
    client: normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown'),
  };
}

/** Optional accounts: sign up (keeping the anonymous profile), sign in and out, password, delete. */
@Controller('account')
export class AccountsController {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly accounts: AccountsService,
  ) {}

  @Get()
  @ApiResult('Who the browser is: anonymous, or the username it is signed in as', accountResponse)
  @Raises('DATABASE_UNAVAILABLE')
  whoAmI(@Req() req: IdentifiedRequest): AccountResponse {
    const { account } = requester(req);
    return account === null
      ? { kind: 'anonymous' }
      : { kind: 'account', username: account.username };
  }

  @Post('signup')
  @ApiResult(
    "Creates an account from the browser's anonymous profile (its ratings and lists stay) and signs in",
    accountResponse,
  )
  @Raises('USERNAME_TAKEN', 'ALREADY_SIGNED_IN', 'SIGNIN_UNAVAILABLE', 'DATABASE_UNAVAILABLE')
  @HttpCode(201)
  @RouteDeadline('write')
  async signUp(
    @Req() req: IdentifiedRequest,
    @Body(new ZodValidationPipe(signupBody)) body: SignupBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AccountResponse> {
    const session = await this.accounts.signUp(requester(req), body.username, body.password);
    this.startSession(res, session);
    return { kind: 'account', username: body.username };
  }

  @Post('signin')
  @ApiResult(
    "Signs in; an anonymous profile's ratings and lists merge into the account (the account's win on the same film)",
    signinResponse,
  )
  @Raises('INVALID_CREDENTIALS', 'SIGNIN_UNAVAILABLE', 'DATABASE_UNAVAILABLE')
  @HttpCode(200)
  @RouteDeadline('write')
  async signIn(
    @Req() req: IdentifiedRequest,
    @Body(new ZodValidationPipe(signinBody)) body: SigninBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SigninResponse> {
    const { session, merged } = await this.accounts.signIn(
      requester(req),
      body.username,
      body.password,
    );
    this.startSession(res, session);
    return { kind: 'account', username: body.username, merged };
  }

  @Post('signout')
  @ApiResult('Ends the session; the browser continues as a new anonymous profile')
  @Raises('DATABASE_UNAVAILABLE')
  @HttpCode(204)
  @RouteDeadline('write')
  async signOut(
    @Req() req: IdentifiedRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const who = requester(req);
    await this.accounts.signOut(who);
    if (who.account !== null) this.endSession(res);
  }

  @Post('password')
  @ApiResult('Changes the password (the current one is required) and ends every other session')
  @Raises('NOT_SIGNED_IN', 'WRONG_PASSWORD', 'SIGNIN_UNAVAILABLE', 'DATABASE_UNAVAILABLE')
  @HttpCode(204)
  @RouteDeadline('write')
  async changePassword(
    @Req() req: IdentifiedRequest,
    @Body(new ZodValidationPipe(changePasswordBody)) body: ChangePasswordBody,
  ): Promise<void> {
    await this.accounts.changePassword(requester(req), body.currentPassword, body.newPassword);
  }

  @Delete()
  @ApiResult(
    'Deletes the account with its ratings, lists and sessions (the password is required); the browser continues anonymously',
  )
  @Raises('NOT_SIGNED_IN', 'WRONG_PASSWORD', 'SIGNIN_UNAVAILABLE', 'DATABASE_UNAVAILABLE')
  @HttpCode(204)
  @RouteDeadline('write')
  async deleteAccount(
    @Req() req: IdentifiedRequest,
    @Body(new ZodValidationPipe(deleteAccountBody)) body: DeleteAccountBody,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    await this.accounts.deleteAccount(requester(req), body.password);
    this.endSession(res);
  }

  /**
   * The new session's cookie, and a fresh anonymous id: the one the browser had no longer
   * leads anywhere (merged, or now the account's), and is where it lands when it signs out.
   */
  private startSession(res: Response, session: OpenedSession): void {
    setSessionCookie(res, session.token, session.expiresAt, this.config);
    issueIdentity(res, this.config);
  }

  /** Clears the session cookie; the browser continues as a new, empty anonymous profile. */
  private endSession(res: Response): void {
    clearSessionCookie(res, this.config);
    issueIdentity(res, this.config);
  }
}
