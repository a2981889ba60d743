import { createHash } from 'node:crypto';
import type { ModelMetrics } from '@marquee/contracts';
import { DbError } from './errors';
import { INTERRUPTED_REASON } from '@marquee/contracts';
import { MANUAL_ACTIVATION_REASON, ModelRegistry } from './model-registry';
import { createTestDatabase, type TestDatabase } from './testing';

const metrics = (valRmse: number): ModelMetrics => ({
  valRmse,
  trainLoss: 0.7,
  epochs: 12,
  trainSeconds: 30.5,
  backend: 'wasm',
  ratings: 100_836,
  users: 610,
  movies: 9_724,
});

const SNAPSHOT = { ratings: 100_836, newestRatedAt: '2018-09-24T14:27:30.000Z' };

function artifact(seed: number): { artifact: Buffer; checksum: string } {
  const bytes = Buffer.alloc(4096);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + seed) % 256;
  return { artifact: bytes, checksum: createHash('sha256').update(bytes).digest('hex') };
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof DbError) return error.code;
    throw error;
  }
  return undefined;
}

describe('ModelRegistry', () => {
  let t: TestDatabase;
  let registry: ModelRegistry;
  const config = { embedDim: 32, hiddenUnits: [64, 32], dropout: 0.2 };

  beforeAll(async () => {
    t = await createTestDatabase('registry');
    registry = new ModelRegistry(t.db);
  });
  afterAll(async () => {
    await t.drop();
  });
  beforeEach(async () => {
    await t.db.$executeRawUnsafe(
      'TRUNCATE model_versions, model_artifacts RESTART IDENTITY CASCADE',
    );
  });

  async function published(seed: number): Promise<number> {
    const version = await registry.createTraining(config);
    await registry.publish(version, {
      ...artifact(seed),
      metrics: metrics(0.8 + seed / 100),
      dataSnapshot: SNAPSHOT,
    });
    return version;
  }

  it('takes a version from TRAINING to READY to ACTIVE', async () => {
    const version = await registry.createTraining(config);
    expect(await registry.get(version)).toMatchObject({
      status: 'TRAINING',
      config,
      checksum: null,
      readyAt: null,
    });
    expect(await registry.getActive()).toBeNull();

    const { artifact: bytes, checksum } = artifact(1);
    await registry.publish(version, {
      artifact: bytes,
      checksum,
      metrics: metrics(0.87),
      dataSnapshot: { ratings: 7, newestRatedAt: null },
    });
    const ready = await registry.get(version);
    expect(ready).toMatchObject({
      status: 'READY',
      checksum,
      sizeBytes: bytes.length,
      metrics: metrics(0.87),
      dataSnapshot: { ratings: 7, newestRatedAt: null },
      activationReason: null,
    });
    expect(ready?.readyAt).toBeInstanceOf(Date);
    expect(await registry.loadArtifact(version)).toEqual({ bytes, checksum });

    await registry.activate(version);
    const active = await registry.getActive();
    expect(active).toMatchObject({ version, checksum, metrics: metrics(0.87) });
    expect(active?.activatedAt).toBeInstanceOf(Date);
    expect((await registry.getLatest('ACTIVE'))?.version).toBe(version);
  });

  it('publishes nothing when the transaction fails: the version stays TRAINING without artifact', async () => {
    const version = await registry.createTraining(config);
    // A real failure at the last step (TRAINING -> READY), after the artifact row is written.
    await t.db.$executeRawUnsafe(`
      CREATE FUNCTION refuse_ready() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused READY'; END $$`);
    await t.db.$executeRawUnsafe(`
      CREATE TRIGGER refuse_ready BEFORE UPDATE ON model_versions
      FOR EACH ROW WHEN (NEW.status = 'READY') EXECUTE FUNCTION refuse_ready()`);
    const input = { ...artifact(2), metrics: metrics(0.9), dataSnapshot: SNAPSHOT };
    try {
      await expect(registry.publish(version, input)).rejects.toThrow(/refused READY/);
    } finally {
      await t.db.$executeRawUnsafe('DROP TRIGGER refuse_ready ON model_versions');
      await t.db.$executeRawUnsafe('DROP FUNCTION refuse_ready()');
    }
    expect(await registry.get(version)).toMatchObject({
      status: 'TRAINING',
      checksum: null,
      sizeBytes: null,
    });
    expect(await t.db.modelArtifact.count()).toBe(0);
    expect(await codeOf(registry.loadArtifact(version))).toBe('ARTIFACT_NOT_FOUND');
    // Nothing half-written blocks a retry.
    await registry.publish(version, input);
    expect((await registry.get(version))?.status).toBe('READY');
  });

  it('refuses to publish a wrong checksum, bad metrics or snapshot, or a version that is not TRAINING', async () => {
    const version = await registry.createTraining(config);
    const good = artifact(3);
    const input = { ...good, metrics: metrics(0.9), dataSnapshot: SNAPSHOT };
    expect(await codeOf(registry.publish(version, { ...input, checksum: 'f'.repeat(64) }))).toBe(
      'CHECKSUM_MISMATCH',
    );
    const badMetrics = { ...metrics(0.9), valRmse: 'low' } as unknown as ModelMetrics;
    expect(await codeOf(registry.publish(version, { ...input, metrics: badMetrics }))).toBe(
      'INVALID_METRICS',
    );
    const incomplete = { ratings: 10 } as unknown as typeof SNAPSHOT;
    expect(await codeOf(registry.publish(version, { ...input, dataSnapshot: incomplete }))).toBe(
      'INVALID_METRICS',
    );
    expect(await codeOf(registry.publish(9999, input))).toBe('MODEL_NOT_FOUND');
    expect((await registry.get(version))?.status).toBe('TRAINING');

    await registry.publish(version, input);
    expect(await codeOf(registry.publish(version, input))).toBe('MODEL_NOT_TRAINING');
    const failed = await registry.createTraining(config);
    await registry.markFailed(failed, 'out of memory');
    expect(await codeOf(registry.publish(failed, input))).toBe('MODEL_NOT_TRAINING');
  });

  it('keeps a single ACTIVE version: activating another demotes the previous to READY', async () => {
    const v1 = await published(1);
    const v2 = await published(2);
    await registry.activate(v1);
    await registry.activate(v2);
    const statuses = Object.fromEntries((await registry.list()).map((r) => [r.version, r.status]));
    expect(statuses).toEqual({ [v1]: 'READY', [v2]: 'ACTIVE' });
    expect((await registry.getActive())?.version).toBe(v2);

    // Rolling back is activating the older version again; activating the active one is a no-op.
    await registry.activate(v1);
    await registry.activate(v1);
    expect((await registry.getActive())?.version).toBe(v1);
    expect(await t.db.modelVersion.count({ where: { status: 'ACTIVE' } })).toBe(1);

    // The database itself refuses a second ACTIVE row (partial unique index).
    await expect(
      t.db.modelVersion.update({ where: { version: v2 }, data: { status: 'ACTIVE' } }),
    ).rejects.toThrow();
  });

  it('records why a version was activated, or why it was left READY', async () => {
    const v1 = await published(1);
    const v2 = await published(2);
    const v3 = await published(3);
    await registry.activate(v1, 'no model is active yet');
    await registry.recordNotActivated(v2, 'not better enough: valRmse 0.82 vs 0.81 + 0');
    expect(await registry.get(v1)).toMatchObject({
      status: 'ACTIVE',
      activationReason: 'no model is active yet',
    });
    expect(await registry.get(v2)).toMatchObject({
      status: 'READY',
      activationReason: 'not better enough: valRmse 0.82 vs 0.81 + 0',
    });
    // A pin by hand states its own reason; the demoted version keeps the one it was activated for.
    await registry.activate(v3);
    expect(await registry.get(v3)).toMatchObject({
      status: 'ACTIVE',
      activationReason: MANUAL_ACTIVATION_REASON,
    });
    expect((await registry.get(v1))?.activationReason).toBe('no model is active yet');

    expect(await codeOf(registry.recordNotActivated(v3, 'x'))).toBe('MODEL_NOT_READY');
    expect(await codeOf(registry.recordNotActivated(424242, 'x'))).toBe('MODEL_NOT_FOUND');
    expect((await registry.get(v3))?.activationReason).toBe(MANUAL_ACTIVATION_REASON);
  });

  it('rolls back to the previously active version when the ACTIVE one is marked FAILED', async () => {
    const v1 = await published(1);
    const v2 = await published(2);
    const v3 = await published(3); // never activated: not a rollback target
    await registry.activate(v1, 'first');
    await registry.activate(v2, 'second');
    expect(await registry.markFailed(v2, 'load failed: checksum mismatch')).toEqual({
      reactivated: v1,
    });
    expect(await registry.get(v2)).toMatchObject({
      status: 'FAILED',
      failureReason: 'load failed: checksum mismatch',
    });
    expect(await registry.get(v1)).toMatchObject({
      status: 'ACTIVE',
      activationReason: `rolled back: version ${v2} failed (load failed: checksum mismatch)`,
    });
    expect((await registry.get(v3))?.status).toBe('READY');
    // A failed READY version changes nothing else; a lone failed ACTIVE one leaves none active.
    expect(await registry.markFailed(v3, 'bad shape')).toEqual({ reactivated: null });
    expect(await registry.markFailed(v1, 'bad shape')).toEqual({ reactivated: null });
    expect(await registry.getActive()).toBeNull();
  });

  it('serializes concurrent activations so exactly one version ends up ACTIVE', async () => {
    const versions = await Promise.all([published(1), published(2), published(3)]);
    await Promise.all(versions.map((v) => registry.activate(v)));
    expect(await t.db.modelVersion.count({ where: { status: 'ACTIVE' } })).toBe(1);
  });

  it('refuses to activate a TRAINING, FAILED or unknown version, changing nothing', async () => {
    const active = await published(1);
    await registry.activate(active);
    const training = await registry.createTraining(config);
    const failed = await published(2);
    await registry.markFailed(failed, 'replica could not load it: bad shape');

    expect(await codeOf(registry.activate(training))).toBe('MODEL_NOT_READY');
    expect(await codeOf(registry.activate(failed))).toBe('MODEL_NOT_READY');
    expect(await codeOf(registry.activate(424242))).toBe('MODEL_NOT_FOUND');
    expect((await registry.getActive())?.version).toBe(active);
    expect(await registry.get(failed)).toMatchObject({
      status: 'FAILED',
      failureReason: 'replica could not load it: bad shape',
    });
    expect(await codeOf(registry.markFailed(424242, 'x'))).toBe('MODEL_NOT_FOUND');
  });

  it('records the train job of a TRAINING version and marks only versions still TRAINING as interrupted', async () => {
    const owned = await registry.createTraining(config, 'job-7');
    const legacy = await registry.createTraining(config);
    const ready = await published(1);
    expect(await registry.get(owned)).toMatchObject({ status: 'TRAINING', trainJobId: 'job-7' });
    expect(await registry.listTraining()).toEqual([
      { version: owned, trainJobId: 'job-7' },
      { version: legacy, trainJobId: null },
    ]);

    expect(await registry.markInterrupted(owned, 'train job job-7 is failed')).toBe(true);
    expect(await registry.get(owned)).toMatchObject({
      status: 'FAILED',
      failureReason: `${INTERRUPTED_REASON}: train job job-7 is failed`,
    });
    // A second sweep, a published version and an unknown one are left as they are.
    expect(await registry.markInterrupted(owned, 'again')).toBe(false);
    expect((await registry.get(owned))?.failureReason).toMatch(/is failed$/);
    expect(await registry.markInterrupted(ready, 'x')).toBe(false);
    expect(await registry.get(ready)).toMatchObject({ status: 'READY', failureReason: null });
    expect(await registry.markInterrupted(424242, 'x')).toBe(false);
    expect(await registry.listTraining()).toEqual([{ version: legacy, trainJobId: null }]);
  });

  it('lists versions newest first without artifact bytes, and finds the latest by status', async () => {
    const v1 = await published(1);
    const v2 = await registry.createTraining(config);
    const v3 = await published(3);
    await registry.activate(v1);

    const rows = await registry.list();
    expect(rows.map((r) => r.version)).toEqual([v3, v2, v1]);
    for (const row of rows) {
      expect(Object.keys(row)).not.toEqual(expect.arrayContaining(['bytes']));
      expect(Object.keys(row)).not.toEqual(expect.arrayContaining(['artifact']));
      expect(Object.values(row).some((v) => v instanceof Uint8Array)).toBe(false);
    }
    expect((await registry.getLatest())?.version).toBe(v3);
    expect((await registry.getLatest('READY'))?.version).toBe(v3);
    expect((await registry.getLatest('TRAINING'))?.version).toBe(v2);
    expect(await registry.getLatest('FAILED')).toBeNull();
    expect(await codeOf(registry.loadArtifact(424242))).toBe('MODEL_NOT_FOUND');
  });
});
