import { createHash } from 'node:crypto';
import {
  modelDataSnapshot,
  modelMetrics,
  type ModelDataSnapshot,
  type ModelMetrics,
  INTERRUPTED_REASON,
} from '@marquee/contracts';
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
  /** What the model was trained on: rating count, newest rating time. */
  dataSnapshot: ModelDataSnapshot;
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

/** A TRAINING version still to be finished or failed, and the train job that created it. */
export interface TrainingVersion {
  version: number;
  /** Null for versions created before the registry recorded it. */
  trainJobId: string | null;
}

/** The reason recorded when an activation states none: someone pinned the version by hand. */
export const MANUAL_ACTIVATION_REASON = 'pinned by hand (an admin activation or rollback)';

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

  /**
   * Registers a new TRAINING version with its hyper-parameters and the train job creating it
   * (which owns the version while it is active); returns its number.
   */
  async createTraining(config: object, trainJobId: string | null = null): Promise<number> {
    const row = await this.db.modelVersion.create({
      data: { status: ModelStatus.TRAINING, config: toJson(config), trainJobId },
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
    const dataSnapshot = parseOrThrow(
      version,
      'data snapshot',
      modelDataSnapshot,
      input.dataSnapshot,
    );
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
          dataSnapshot: toJson(dataSnapshot),
        },
      });
    }, TRANSACTION_OPTIONS);
  }

  /**
   * Makes `version` the ACTIVE one and records why; the previous ACTIVE version goes back to
   * READY (keeping the reason it once was activated). Only a READY (or already ACTIVE) version
   * can be activated, which also serves to roll back.
   */
  async activate(version: number, reason: string = MANUAL_ACTIVATION_REASON): Promise<void> {
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
        data: { status: ModelStatus.ACTIVE, activatedAt: new Date(), activationReason: reason },
      });
    }, TRANSACTION_OPTIONS);
  }

  /** Records why a published version was left READY instead of being activated. */
  async recordNotActivated(version: number, reason: string): Promise<void> {
    const { count } = await this.db.modelVersion.updateMany({
      where: { version, status: ModelStatus.READY },
      data: { activationReason: reason },
    });
    if (count === 0) {
      const row = await this.get(version);
      if (!row) throw notFound(version);
      throw new DbError(
        'MODEL_NOT_READY',
        `Model version ${version} is ${row.status}; only a READY version can be left unactivated`,
      );
    }
  }

  /**
   * Marks a version FAILED with the reason: a training that broke, or a published version that
   * replicas could not load. When that was the ACTIVE version, the version active before it
   * (the READY one activated most recently) becomes ACTIVE again, so the system keeps a model
   * to serve; replicas still serving it have nothing to do. Returns that version, if any.
   */
  async markFailed(version: number, reason: string): Promise<{ reactivated: number | null }> {
    return this.db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${ACTIVATE_LOCK_KEY}))`;
      const status = await lockVersion(tx, version);
      await tx.modelVersion.update({
        where: { version },
        data: { status: ModelStatus.FAILED, failureReason: reason },
      });
      if (status !== ModelStatus.ACTIVE) return { reactivated: null };
      const previous = await tx.modelVersion.findFirst({
        where: { status: ModelStatus.READY, activatedAt: { not: null } },
        orderBy: { activatedAt: 'desc' },
        select: { version: true },
      });
      if (!previous) return { reactivated: null };
      await tx.modelVersion.update({
        where: { version: previous.version },
        data: {
          status: ModelStatus.ACTIVE,
          activatedAt: new Date(),
          activationReason: `rolled back: version ${version} failed (${reason})`,
        },
      });
      return { reactivated: previous.version };
    }, TRANSACTION_OPTIONS);
  }

  /**
   * Marks a TRAINING version FAILED because its trainer stopped before finishing it, with the
   * reason "interrupted: <detail>". A version that has left TRAINING meanwhile (published, or
   * failed by its trainer) is left as it is. Returns whether the version was marked.
   */
  async markInterrupted(version: number, detail: string): Promise<boolean> {
    const { count } = await this.db.modelVersion.updateMany({
      where: { version, status: ModelStatus.TRAINING },
      data: { status: ModelStatus.FAILED, failureReason: `${INTERRUPTED_REASON}: ${detail}` },
    });
    return count > 0;
  }

  /** The versions in TRAINING, oldest first. */
  async listTraining(): Promise<TrainingVersion[]> {
    return this.db.modelVersion.findMany({
      where: { status: ModelStatus.TRAINING },
      orderBy: { version: 'asc' },
      select: { version: true, trainJobId: true },
    });
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

/** The part of a zod schema used here (packages/db does not depend on zod itself). */
interface Schema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

function parseMetrics(version: number, value: unknown): ModelMetrics {
  return parseOrThrow(version, 'metrics', modelMetrics, value);
}

function parseOrThrow<T>(version: number, what: string, schema: Schema<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map(
      (i) => `${i.path.map(String).join('.') || `(${what})`}: ${i.message}`,
    );
    throw new DbError(
      'INVALID_METRICS',
      `Model version ${version}: invalid ${what}: ${issues.join('; ')}`,
    );
  }
  return parsed.data;
}

/** A plain-JSON copy for a Json column (drops undefined, fails on values JSON cannot hold). */
function toJson(value: object): Prisma.InputJsonValue {
  // The round trip yields only JSON values, which is what InputJsonValue describes.
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}
