import { Inject, Injectable } from '@nestjs/common';
import type { SigninResponse } from '@marquee/contracts';
import type { Db } from '@marquee/db';
import { randomUUID } from 'node:crypto';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';
import { isUniqueViolation } from '../database/prisma-errors';
import { DomainError } from '../errors/domain-error';
import { SessionsRepository } from '../identity/sessions.repository';
import { type DbClient, UsersRepository } from '../identity/users.repository';

/** A new session to open: its token's hash and when it ends. */
export interface NewSession {
  tokenHash: string;
  expiresAt: Date;
}

export interface AccountCredentials {
  userId: number;
  passwordHash: string;
}

export type MergedCounts = SigninResponse['merged'];

/** Accounts: app users with a username and password hash, and the writes that move profiles. */
@Injectable()
export class AccountsRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly retry: DbRetry,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
  ) {}

  async findByUsername(username: string): Promise<AccountCredentials | null> {
    const user = await this.retry.run(() =>
      this.db.user.findUnique({ where: { username }, select: { id: true, passwordHash: true } }),
    );
    return user?.passwordHash ? { userId: user.id, passwordHash: user.passwordHash } : null;
  }

  async findById(userId: number): Promise<AccountCredentials | null> {
    const user = await this.retry.run(() =>
      this.db.user.findUnique({ where: { id: userId }, select: { id: true, passwordHash: true } }),
    );
    return user?.passwordHash ? { userId: user.id, passwordHash: user.passwordHash } : null;
  }

  /**
   * Makes the anonymous profile `anonId` an account (creating its row if it has written
   * nothing yet) and opens a session, in one transaction. The profile's key becomes a fresh id
   * no cookie holds: from now on only a session of the account reaches it.
   */
  async createAccount(
    anonId: string,
    username: string,
    passwordHash: string,
    session: NewSession,
  ): Promise<void> {
    try {
      await this.retry.run((attempt) =>
        this.db.$transaction(async (tx) => {
          const userId = await this.users.ensureAppUser(tx, anonId);
          await tx.user.update({
            where: { id: userId },
            data: { username, passwordHash, anonId: randomUUID() },
          });
          await this.sessions.create(tx, userId, session.tokenHash, session.expiresAt);
        }, attempt.tx),
      );
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new DomainError('USERNAME_TAKEN', `The username "${username}" is taken`);
      }
      throw err;
    }
  }

  /**
   * Signs in to `userId`, in one transaction: ends `endSessionId` (the browser's previous
   * session, if any), moves the anonymous profile `anonId` (if there is one) into the account,
   * the account's rows winning where both have the same film, deletes that profile, and opens
   * the new session. Returns what moved.
   */
  async signIn(
    userId: number,
    from: { anonId: string } | { endSessionId: number },
    session: NewSession,
  ): Promise<MergedCounts> {
    return this.retry.run((attempt) =>
      this.db.$transaction(async (tx) => {
        let merged: MergedCounts = { ratings: 0, skips: 0, notInterested: 0, watchlist: 0 };
        if ('endSessionId' in from) {
          await this.sessions.delete(tx, from.endSessionId);
        } else {
          merged = await this.mergeAnonymous(tx, from.anonId, userId);
        }
        await tx.session.deleteMany({ where: { userId, expiresAt: { lte: new Date() } } });
        await this.sessions.create(tx, userId, session.tokenHash, session.expiresAt);
        return merged;
      }, attempt.tx),
    );
  }

  private async mergeAnonymous(
    tx: DbClient,
    anonId: string,
    userId: number,
  ): Promise<MergedCounts> {
    const anon = await tx.user.findUnique({
      where: { anonId },
      select: { id: true, kind: true, username: true },
    });
    // Only an anonymous app profile moves (an account's key is never in an anonymous cookie).
    if (anon === null || anon.kind !== 'APP' || anon.username !== null || anon.id === userId) {
      return { ratings: 0, skips: 0, notInterested: 0, watchlist: 0 };
    }
    const from = anon.id;
    // Row locks on the account first: two sign-ins of one account merge one after the other.
    await tx.$queryRaw`SELECT id FROM users WHERE id = ${userId} FOR UPDATE`;
    const ratings = await tx.$executeRaw`
      INSERT INTO ratings (user_id, movie_id, rating, rated_at)
      SELECT ${userId}, movie_id, rating, rated_at FROM ratings WHERE user_id = ${from}
      ON CONFLICT (user_id, movie_id) DO NOTHING`;
    const skips = await tx.$executeRaw`
      INSERT INTO skips (user_id, movie_id, skipped_at)
      SELECT ${userId}, movie_id, skipped_at FROM skips WHERE user_id = ${from}
      ON CONFLICT (user_id, movie_id) DO NOTHING`;
    const notInterested = await tx.$executeRaw`
      INSERT INTO not_interested (user_id, movie_id, marked_at)
      SELECT ${userId}, movie_id, marked_at FROM not_interested WHERE user_id = ${from}
      ON CONFLICT (user_id, movie_id) DO NOTHING`;
    const watchlist = await tx.$executeRaw`
      INSERT INTO watchlist (user_id, movie_id, added_at)
      SELECT ${userId}, movie_id, added_at FROM watchlist WHERE user_id = ${from}
      ON CONFLICT (user_id, movie_id) DO NOTHING`;
    // The account keeps its own last list; one it never had comes from the profile.
    await tx.$executeRaw`
      INSERT INTO last_recommendations (user_id, model_version, items, made_at)
      SELECT ${userId}, model_version, items, made_at FROM last_recommendations
      WHERE user_id = ${from}
      ON CONFLICT (user_id) DO NOTHING`;
    await tx.user.delete({ where: { id: from } });
    return { ratings, skips, notInterested, watchlist };
  }

  async endSession(sessionId: number): Promise<void> {
    await this.retry.run(() => this.sessions.delete(this.db, sessionId));
  }

  /** Sets a new password hash and ends every other session, in one transaction. */
  async changePassword(
    userId: number,
    passwordHash: string,
    keepSessionId: number,
  ): Promise<number> {
    return this.retry.run((attempt) =>
      this.db.$transaction(async (tx) => {
        const { count } = await tx.user.updateMany({
          where: { id: userId },
          data: { passwordHash },
        });
        // Deleted meanwhile (by another of its sessions): nobody is signed in any more.
        if (count === 0) throw new DomainError('NOT_SIGNED_IN', 'Sign in to an account first');
        return this.sessions.deleteOthers(tx, userId, keepSessionId);
      }, attempt.tx),
    );
  }

  /** Deletes the account with everything in it: its rows and sessions cascade. */
  async deleteAccount(userId: number): Promise<void> {
    await this.retry.run(() => this.db.user.deleteMany({ where: { id: userId, kind: 'APP' } }));
  }
}
