import request from 'supertest';
import type { ModelVersionSummary, ModelsResponse } from '@marquee/contracts';
import { startTestGateway, type TestGateway } from '../testing/gateway-test-kit';
import { seedModelVersion } from '../testing/model-versions';
import { ADMIN_ACTIVATION_REASON } from './models.service';
import { MANUAL_ACTIVATION_REASON } from '@marquee/db';

let gw: TestGateway;

beforeAll(async () => {
  gw = await startTestGateway('models', { ADMIN_TOKEN: 'test-admin-token-0123456789abcdef' });
});

afterAll(async () => {
  await gw.close();
});

async function listModels(): Promise<ModelsResponse> {
  const res = await request(gw.server).get('/api/models').expect(200);
  // Public and read-only: no admin token, no identity cookie.
  expect(res.headers['set-cookie']).toBeUndefined();
  return res.body as ModelsResponse;
}

describe('GET /api/models', () => {
  it('lists nothing before any training', async () => {
    expect(await listModels()).toEqual({ versions: [] });
  });

  it('lists every version newest first, with its status, metrics and dates, no artifact', async () => {
    const ready = await seedModelVersion(gw.db, 'READY', 0.91);
    const active = await seedModelVersion(gw.db, 'ACTIVE', 0.88);
    const training = await seedModelVersion(gw.db, 'TRAINING');
    const failed = await seedModelVersion(gw.db, 'FAILED');

    const { versions } = await listModels();
    expect(versions.map((v) => [v.version, v.status, v.active])).toEqual([
      [failed.version, 'FAILED', false],
      [training.version, 'TRAINING', false],
      [active.version, 'ACTIVE', true],
      [ready.version, 'READY', false],
    ]);
    const byVersion = new Map(versions.map((v) => [v.version, v]));
    const rows = await gw.db.modelVersion.findMany();
    for (const row of rows) {
      const summary = byVersion.get(row.version)!;
      expect(summary.createdAt).toBe(row.createdAt.toISOString());
      expect(summary.readyAt).toBe(row.readyAt?.toISOString() ?? null);
      expect(summary.activatedAt).toBe(row.activatedAt?.toISOString() ?? null);
    }
    expect(byVersion.get(active.version)).toMatchObject({
      checksum: active.checksum,
      metrics: active.metrics,
      dataSnapshot: { ratings: 100, newestRatedAt: '2024-01-02T03:04:05.000Z' },
      failureReason: null,
      // Seeded through the registry without a stated reason: recorded as a pin by hand.
      activationReason: MANUAL_ACTIVATION_REASON,
    });
    expect(byVersion.get(ready.version)!.activationReason).toBeNull();
    expect(byVersion.get(ready.version)!.metrics).toEqual(ready.metrics);
    expect(byVersion.get(training.version)).toMatchObject({
      metrics: null,
      dataSnapshot: null,
      checksum: null,
    });
    expect(byVersion.get(failed.version)!.failureReason).toBe('test: training broke');
    const keys: (keyof ModelVersionSummary)[] = [
      'version',
      'status',
      'active',
      'createdAt',
      'readyAt',
      'activatedAt',
      'checksum',
      'metrics',
      'dataSnapshot',
      'failureReason',
      'activationReason',
    ];
    for (const v of versions) expect(Object.keys(v).sort()).toEqual([...keys].sort());
  });

  it('follows an activation: `active` moves to the pinned version', async () => {
    const { versions } = await listModels();
    const ready = versions.find((v) => v.status === 'READY')!;
    await request(gw.server)
      .post(`/api/admin/models/${ready.version}/activate`)
      .set('Authorization', 'Bearer test-admin-token-0123456789abcdef')
      .expect(200);
    const after = await listModels();
    expect(after.versions.filter((v) => v.active).map((v) => v.version)).toEqual([ready.version]);
    expect(after.versions.filter((v) => v.status === 'ACTIVE')).toHaveLength(1);
    expect(after.versions.find((v) => v.active)?.activationReason).toBe(ADMIN_ACTIVATION_REASON);
  });
});
