import { Inject, Injectable } from '@nestjs/common';
import type { Db, Prisma } from '@marquee/db';
import { DB } from '../database/database.module';
import { DbRetry } from '../database/db-retry';

/** A Prisma client or an open transaction. */
export type DbClient = Db | Prisma.TransactionClient;

/** App users, keyed by the anonymous id of their cookie. */
@Injectable()
export class UsersRepository {
  constructor(
    @Inject(DB) private readonly db: Db,
    private readonly retry: DbRetry,
  ) {}

  /** users.id of this anonymous user, or null when they have never written anything. */
  async findIdByAnonId(anonId: string): Promise<number | null> {
    const user = await this.retry.run(() =>
      this.db.user.findUnique({ where: { anonId }, select: { id: true } }),
    );
    return user?.id ?? null;
  }

  /** Creates the APP user on first write; safe under concurrent first writes. */
  async ensureAppUser(client: DbClient, anonId: string): Promise<number> {
    const rows = await client.$queryRaw<{ id: number }[]>`
      INSERT INTO users (kind, anon_id) VALUES ('APP'::user_kind, ${anonId}::uuid)
      ON CONFLICT (anon_id) DO UPDATE SET anon_id = EXCLUDED.anon_id
      RETURNING id`;
    const row = rows[0];
    if (!row) {
      throw new Error(`Creating the app user ${anonId} returned no row`);
    }
    return row.id;
  }
}
