import { Injectable, Logger } from '@nestjs/common';
import type { ModelVersionSummary, ModelsResponse } from '@marquee/contracts';
import { ModelRegistry, isDbError } from '@marquee/db';
import { DbRetry } from '../database/db-retry';
import { DomainError } from '../errors/domain-error';
import { ModelEventsPublisher } from '@marquee/nest-common';
import { toModelVersionSummary } from './model-summary';

/** Recorded as the activation reason of a version pinned through the admin API. */
export const ADMIN_ACTIVATION_REASON =
  'pinned by an admin (POST /api/admin/models/:version/activate)';

/** Lists the registry's versions and pins one as the active version. */
@Injectable()
export class ModelsService {
  private readonly logger = new Logger('Models');

  constructor(
    private readonly registry: ModelRegistry,
    private readonly events: ModelEventsPublisher,
    private readonly retry: DbRetry,
  ) {}

  /** Every version, newest first. */
  async list(): Promise<ModelsResponse> {
    const rows = await this.retry.run(() => this.registry.list());
    return { versions: rows.map(toModelVersionSummary) };
  }

  /**
   * Makes a READY version the active one (also how to roll back), then tells the replicas.
   * Activating the version that is already active only announces it again.
   */
  async activate(version: number): Promise<ModelVersionSummary> {
    try {
      await this.registry.activate(version, ADMIN_ACTIVATION_REASON);
    } catch (err) {
      if (isDbError(err, 'MODEL_NOT_FOUND')) {
        throw new DomainError('MODEL_NOT_FOUND', err.message);
      }
      if (isDbError(err, 'MODEL_NOT_READY')) {
        throw new DomainError('MODEL_NOT_READY', err.message);
      }
      throw err;
    }
    const row = await this.registry.get(version);
    if (row === null) {
      throw new DomainError('MODEL_NOT_FOUND', `Model version ${version} does not exist`);
    }
    this.logger.log(`Model version ${version} activated by an admin`);
    if (row.checksum !== null) {
      await this.announce(version, row.checksum);
    }
    return toModelVersionSummary(row);
  }

  /** Replicas also poll the registry, so a lost announcement delays the swap but breaks nothing. */
  private async announce(version: number, checksum: string): Promise<void> {
    try {
      await this.events.modelPublished({ version, checksum });
    } catch (err) {
      this.logger.warn(
        `Model version ${version} is ACTIVE but its event could not be sent (replicas will find ` +
          `it on their next poll): ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  }
}
