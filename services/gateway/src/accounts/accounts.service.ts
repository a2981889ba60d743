import { Inject, Injectable } from '@nestjs/common';
import type { SigninResponse } from '@marquee/contracts';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config/gateway-config';
import { DomainError } from '../errors/domain-error';
import { hashSessionToken, newSessionToken } from '../identity/session-cookie';
import type { SessionAccount } from '../identity/sessions.repository';
import { AccountsRepository } from './accounts.repository';
import { PasswordHasher } from './password-hasher';
import { SigninLimiter } from './signin-limiter';

/** A session just opened: the cookie's token (never stored) and its end. */
export interface OpenedSession {
  token: string;
  expiresAt: Date;
}

/** Who is asking: the profile key and account of the request, and the client's address. */
export interface Requester {
  anonId: string;
  account: SessionAccount | null;
  client: string;
}

const INVALID_CREDENTIALS = 'The username or password is wrong';

@Injectable()
export class AccountsService {
  constructor(
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly accounts: AccountsRepository,
    private readonly hasher: PasswordHasher,
    private readonly limiter: SigninLimiter,
  ) {}

  /** Makes the browser's anonymous profile an account and signs it in. */
  async signUp(who: Requester, username: string, password: string): Promise<OpenedSession> {
    if (who.account !== null) {
      throw new DomainError(
        'ALREADY_SIGNED_IN',
        `Signed in as "${who.account.username}": sign out before creating another account`,
      );
    }
    // Each sign-up costs a hash: it counts against the client's sign-in budget.
    await this.limiter.hit({ username: null, client: who.client });
    const passwordHash = await this.hasher.hash(password);
    const session = this.newSession();
    await this.accounts.createAccount(who.anonId, username, passwordHash, session);
    return session;
  }

  /**
   * Signs in. From an anonymous browser, its profile merges into the account (the account's
   * rows win where both have the same film) and is deleted; from a signed-in browser, its
   * session ends. Wrong username and wrong password are the same answer, in the same time.
   */
  async signIn(
    who: Requester,
    username: string,
    password: string,
  ): Promise<{ session: OpenedSession; merged: SigninResponse['merged'] }> {
    await this.limiter.hit({ username, client: who.client });
    const account = await this.accounts.findByUsername(username);
    const ok =
      account === null
        ? await this.hasher.verifyDummy(password)
        : await this.hasher.verify(password, account.passwordHash);
    if (!ok || account === null) {
      throw new DomainError('INVALID_CREDENTIALS', INVALID_CREDENTIALS);
    }
    await this.limiter.succeeded(username);
    const session = this.newSession();
    const from =
      who.account === null ? { anonId: who.anonId } : { endSessionId: who.account.sessionId };
    const merged = await this.accounts.signIn(account.userId, from, session);
    return { session, merged };
  }

  async signOut(who: Requester): Promise<void> {
    if (who.account !== null) await this.accounts.endSession(who.account.sessionId);
  }

  /** Sets a new password (the current one is required) and ends every other session. */
  async changePassword(who: Requester, current: string, next: string): Promise<void> {
    const account = await this.checkPassword(who, current);
    const passwordHash = await this.hasher.hash(next);
    await this.accounts.changePassword(account.userId, passwordHash, account.sessionId);
  }

  /** Deletes the account and everything in it (the password is required). */
  async deleteAccount(who: Requester, password: string): Promise<void> {
    const account = await this.checkPassword(who, password);
    await this.accounts.deleteAccount(account.userId);
  }

  private async checkPassword(who: Requester, password: string): Promise<SessionAccount> {
    const account = signedIn(who);
    await this.limiter.hit({ username: account.username, client: who.client });
    const stored = await this.accounts.findById(account.userId);
    if (stored === null || !(await this.hasher.verify(password, stored.passwordHash))) {
      throw new DomainError('WRONG_PASSWORD', 'The password is wrong');
    }
    await this.limiter.succeeded(account.username);
    return account;
  }

  private newSession(): OpenedSession & { tokenHash: string } {
    const token = newSessionToken();
    return {
      token,
      tokenHash: hashSessionToken(token),
      expiresAt: new Date(Date.now() + this.config.accounts.sessionTtlMs),
    };
  }
}

function signedIn(who: Requester): SessionAccount {
  if (who.account === null) {
    throw new DomainError('NOT_SIGNED_IN', 'Sign in to an account first');
  }
  return who.account;
}
