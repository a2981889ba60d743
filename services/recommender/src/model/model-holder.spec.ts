import { Logger } from '@nestjs/common';
import { ModelRegistry } from '@marquee/db';
import { createTestDatabase, type TestDatabase } from '@marquee/db/testing';
import { initBackend, liveTensorCount } from '@marquee/ncf';
import { recommenderConfigSchema } from '../config/recommender-config';
import { publishTinyModel, trainTinyModel, type TinyModel } from '../testing/tiny-model';
import { ModelHolder } from './model-holder';

jest.setTimeout(60_000);

describe('ModelHolder model lifetime (real Postgres)', () => {
  let t: TestDatabase;
  let registry: ModelRegistry;
  let tiny: [TinyModel, TinyModel, TinyModel];
  let holder: ModelHolder;

  const ratings = [
    { movieId: 1, rating: 5 },
    { movieId: 2, rating: 2 },
  ];

  async function activate(model: TinyModel): Promise<number> {
    const version = await publishTinyModel(registry, model);
    await registry.activate(version);
    await holder.refresh('test');
    return version;
  }

  beforeAll(async () => {
    Logger.overrideLogger(['error']);
    await initBackend();
    t = await createTestDatabase('model-holder');
    registry = new ModelRegistry(t.db);
    tiny = [await trainTinyModel(11), await trainTinyModel(12), await trainTinyModel(13)];
    const config = recommenderConfigSchema.parse({
      DATABASE_URL: t.url,
      REDIS_URL: 'redis://127.0.0.1:6379',
      MODEL_POLL_INTERVAL_MS: '600000',
    });
    holder = new ModelHolder(config, registry);
  });

  afterAll(async () => {
    await t?.drop();
    Logger.overrideLogger(['log', 'warn', 'error']);
  });

  it('disposes a swapped-out model only after the job holding it has finished', async () => {
    const baseline = liveTensorCount();
    await holder.onApplicationBootstrap(); // nothing is ACTIVE yet
    expect(holder.acquire()).toBeNull();

    const v1 = await activate(tiny[0]);
    const lease = holder.acquire();
    expect(lease?.model.version).toBe(v1);
    const first = lease!.model.scorer;
    expect(first.engine).toBe('tensor'); // wasm here: the scorer holds tensors to free

    const v2 = await activate(tiny[1]); // swapped while the job holds v1
    expect(holder.current()?.version).toBe(v2);
    expect(first.isDisposed).toBe(false);
    // The job can still score with the model it started with.
    const picks = first.recommend({ ratings, excludeMovieIds: [], count: 3 });
    expect(picks).toHaveLength(3);

    const second = holder.acquire(); // a second job on v2, a third on v1 finishing below
    lease!.release();
    expect(first.isDisposed).toBe(true);
    lease!.release(); // a second release changes nothing
    expect(second?.model.scorer.isDisposed).toBe(false);
    second!.release(); // v2 is still current: releasing does not dispose it
    expect(holder.current()?.scorer.isDisposed).toBe(false);

    // A model no job holds is disposed as soon as it is swapped out.
    const v2Scorer = holder.current()!.scorer;
    await activate(tiny[2]);
    expect(v2Scorer.isDisposed).toBe(true);

    // Shutdown frees the last one: no tensor is left behind by three versions.
    const last = holder.current()!.scorer;
    await holder.onApplicationShutdown();
    expect(last.isDisposed).toBe(true);
    expect(liveTensorCount()).toBe(baseline);
  });
});
