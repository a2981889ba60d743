import { Inject, Injectable } from '@nestjs/common';
import type { Db } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';
import type { DbClient } from './users.repository';

/** The account a live session belongs to. */
export interface SessionAccount {
  sessionId: number;
  userId: number;
  username: string;
  /** The account's profile key (users.anon_id), which every profile route reads by. */
  anonId: string;
}

/** Server-side sessions, by the SHA-256 of their cookie's token. */
@Injectable()
export class SessionsRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly retry: DbRetry,
  ) {}

  /** The account of an unexpired session with this token hash; null when there is none. */
  async findLive(tokenHash: string, now = new Date()): Promise<SessionAccount | null> {
    const session = await this.retry.run(() =>
      this.db.session.findUnique({
        where: { tokenHash },
        select: {
          id: true,
          expiresAt: true,
          user: { select: { id: true, username: true, anonId: true } },
        },
      }),
    );
    if (session === null || session.expiresAt <= now) return null;
    const { user } = session;
    if (user.username === null || user.anonId === null) return null;
    return { sessionId: session.id, userId: user.id, username: user.username, anonId: user.anonId };
  }

  async create(
    client: DbClient,
    userId: number,
    tokenHash: string,
    expiresAt: Date,
  ): Promise<void> {
    await client.session.create({ data: { userId, tokenHash, expiresAt } });
  }

  /** Ends one session; an unknown one is not an error. */
  async delete(client: DbClient, sessionId: number): Promise<void> {
    await client.session.deleteMany({ where: { id: sessionId } });
  }

  /** Ends every session of a user but `keepSessionId`; returns how many ended. */
  async deleteOthers(client: DbClient, userId: number, keepSessionId: number): Promise<number> {
    const { count } = await client.session.deleteMany({
      where: { userId, id: { not: keepSessionId } },
    });
    return count;
  }
}
