import { createHash } from 'node:crypto';
import { modelMetrics, type ModelMetrics } from '@marquee/contracts';
import type { Db } from './client';
import { DbError } from './errors';
import { ModelStatus, type ModelVersion, type Prisma } from './generated/prisma/client';

/** A model_versions row; never carries artifact bytes (they live in model_artifacts). */
export type ModelVersionRow = ModelVersion;

export interface PublishInput {
  /** The serialized model (@marquee/ncf serializeArtifact). */
  artifact: Buffer;
  /** sha256 hex of `artifact` (@marquee/ncf artifactChecksum); checked before anything is written. */
  checksum: string;
  metrics: ModelMetrics;
  /** What the model was trained on, e.g. { ratings, newestRatedAt }. */
  dataSnapshot: object;
}

export interface ActiveModel {
  version: number;
  checksum: string;
  metrics: ModelMetrics;
  activatedAt: Date | null;
}

export interface StoredArtifact {
  bytes: Buffer;
  checksum: string;
}

const TRANSACTION_OPTIONS = { timeout: 60_000, maxWait: 10_000 };
/** Serializes activations, so two at once cannot both demote and promote. */
const ACTIVATE_LOCK_KEY = 'marquee:model-activate';

/**
 * The model registry: versions in model_versions, their bytes in model_artifacts.
 * A version is created TRAINING; publish writes its artifact and makes it READY in one
 * transaction (so a READY version always has its artifact); activate makes it the single
 * ACTIVE version (a partial unique index allows only one).
 */
export class ModelRegistry {
  constructor(private readonly db: Db) {}

  /** Registers a new TRAINING version with its hyper-parameters; returns its number. */
  async createTraining(config: object): Promise<number> {
    const row = await this.db.modelVersion.create({
      data: { status: ModelStatus.TRAINING, config: toJson(config) },
      select: { version: true },
    });
    return row.version;
  }

  /** Stores the artifact and its figures and flips TRAINING -> READY, all or nothing. */
  async publish(version: number, input: PublishInput): Promise<void> {
    const actual = createHash('sha256').update(input.artifact).digest('hex');
    if (actual !== input.checksum) {
      throw new DbError(
        'CHECKSUM_MISMATCH',
        `Model version ${version}: checksum ${input.checksum} is not the artifact's sha256 (${actual})`,
      );
    }
    const metrics = parseMetrics(version, input.metrics);
    await this.db.$transaction(async (tx) => {
      const status = await lockVersion(tx, version);
      if (status !== ModelStatus.TRAINING) {
        throw new DbError(
          'MODEL_NOT_TRAINING',
          `Model version ${version} is ${status}; only a TRAINING version can be published`,
        );
      }
      // A copy: Prisma's Bytes input takes an ArrayBuffer-backed array, a Buffer may be pooled.
      await tx.modelArtifact.create({ data: { version, bytes: new Uint8Array(input.artifact) } });
      await tx.modelVersion.update({
        where: { version },
        data: {
          status: ModelStatus.READY,
          readyAt: new Date(),
          checksum: input.checksum,
          sizeBytes: input.artifact.length,
          metrics: toJson(metrics),
          dataSnapshot: toJson(input.dataSnapshot),
        },
      });
    }, TRANSACTION_OPTIONS);
  }

  /**
   * Makes `version` the ACTIVE one; the previous ACTIVE version goes back to READY. Only a
   * READY (or already ACTIVE) version can be activated, which also serves to roll back.
   */
  async activate(version: number): Promise<void> {
    await this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${ACTIVATE_LOCK_KEY}))`;
      const status = await lockVersion(tx, version);
      if (status === ModelStatus.ACTIVE) return;
      if (status !== ModelStatus.READY) {
        throw new DbError(
          'MODEL_NOT_READY',
          `Model version ${version} is ${status}; only a READY version can be activated`,
        );
      }
      await tx.modelVersion.updateMany({
        where: { status: ModelStatus.ACTIVE },
        data: { status: ModelStatus.READY },
      });
      await tx.modelVersion.update({
        where: { version },
        data: { status: ModelStatus.ACTIVE, activatedAt: new Date() },
      });
    }, TRANSACTION_OPTIONS);
  }

  /**
   * Marks a version FAILED with the reason: a training that broke, or a published version that
   * replicas could not load (even the ACTIVE one: it then stops being active).
   */
  async markFailed(version: number, reason: string): Promise<void> {
    const { count } = await this.db.modelVersion.updateMany({
      where: { version },
      data: { status: ModelStatus.FAILED, failureReason: reason },
    });
    if (count === 0) throw notFound(version);
  }

  /** The ACTIVE version, or null when none is. */
  async getActive(): Promise<ActiveModel | null> {
    const row = await this.db.modelVersion.findFirst({
      where: { status: ModelStatus.ACTIVE },
      select: { version: true, checksum: true, metrics: true, activatedAt: true },
    });
    if (!row) return null;
    if (row.checksum === null) {
      throw new DbError(
        'ARTIFACT_NOT_FOUND',
        `Active model version ${row.version} has no checksum`,
      );
    }
    return {
      version: row.version,
      checksum: row.checksum,
      metrics: parseMetrics(row.version, row.metrics),
      activatedAt: row.activatedAt,
    };
  }

  /** The newest version, optionally the newest with `status`; null when there is none. */
  async getLatest(status?: ModelStatus): Promise<ModelVersionRow | null> {
    return this.db.modelVersion.findFirst({
      where: status ? { status } : {},
      orderBy: { version: 'desc' },
    });
  }

  async get(version: number): Promise<ModelVersionRow | null> {
    return this.db.modelVersion.findUnique({ where: { version } });
  }

  /** The stored bytes and checksum of a published version; the caller verifies them. */
  async loadArtifact(version: number): Promise<StoredArtifact> {
    const row = await this.db.modelArtifact.findUnique({
      where: { version },
      select: { bytes: true, modelVersion: { select: { checksum: true } } },
    });
    if (!row || row.modelVersion.checksum === null) {
      if (!(await this.get(version))) throw notFound(version);
      throw new DbError(
        'ARTIFACT_NOT_FOUND',
        `Model version ${version} has no artifact (it was never published)`,
      );
    }
    const bytes = Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
    return { bytes, checksum: row.modelVersion.checksum };
  }

  /** Every version, newest first, without artifact bytes. */
  async list(): Promise<ModelVersionRow[]> {
    return this.db.modelVersion.findMany({ orderBy: { version: 'desc' } });
  }
}

/** Locks the version's row for the rest of the transaction and returns its status. */
async function lockVersion(tx: Prisma.TransactionClient, version: number): Promise<ModelStatus> {
  const rows = await tx.$queryRaw<{ status: ModelStatus }[]>`
    SELECT status FROM model_versions WHERE version = ${version} FOR UPDATE`;
  const row = rows[0];
  if (!row) throw notFound(version);
  return row.status;
}

function notFound(version: number): DbError {
  return new DbError('MODEL_NOT_FOUND', `Model version ${version} does not exist`);
}

function parseMetrics(version: number, value: unknown): ModelMetrics {
  const parsed = modelMetrics.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.join('.') || '(metrics)'}: ${i.message}`,
    );
    throw new DbError(
      'INVALID_METRICS',
      `Model version ${version}: invalid metrics: ${issues.join('; ')}`,
    );
  }
  return parsed.data;
}

/** A plain-JSON copy for a Json column (drops undefined, fails on values JSON cannot hold). */
function toJson(value: object): Prisma.InputJsonValue {
  // The round trip yields only JSON values, which is what InputJsonValue describes.
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
