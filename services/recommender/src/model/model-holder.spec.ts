import { Logger } from '@nestjs/common';
import { ModelRegistry } from '@marquee/db';
import { createTestDatabase, type TestDatabase } from '@marquee/db/testing';
import { deserializeArtifact, initBackend, liveTensorCount } from '@marquee/ncf';
import { recommenderConfigSchema } from '../config/recommender-config';
import { publishTinyModel, trainTinyModel, type TinyModel } from '../testing/tiny-model';
import { MovieFactsRepository } from './movie-facts.repository';
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
    holder = new ModelHolder(config, registry, new MovieFactsRepository(t.db));
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

  it('serves with RECOMMEND_MIN_RATINGS: only movies rated that often are recommended', async () => {
    // The first test left tiny[2] active.
    const artifact = deserializeArtifact(tiny[2].bytes);
    const counts = artifact.stats!.movieRatingCounts!;
    // The 32nd-highest count: at least 32 movies pass (enough for the pool of 30), some do not.
    const threshold = [...counts].sort((a, b) => b - a)[31]!;
    const regular = counts.filter((c) => c >= threshold).length;
    expect(regular).toBeLessThan(counts.length);
    const strict = new ModelHolder(
      recommenderConfigSchema.parse({
        DATABASE_URL: t.url,
        REDIS_URL: 'redis://127.0.0.1:6379',
        MODEL_POLL_INTERVAL_MS: '600000',
        RECOMMEND_MIN_RATINGS: String(threshold),
      }),
      registry,
      new MovieFactsRepository(t.db),
    );
    await strict.refresh('test');
    try {
      expect(strict.current()?.checksum).toBe(tiny[2].checksum);
      const scorer = strict.current()!.scorer;
      expect(scorer.regularMovieCount).toBe(regular);
      const countOf = new Map(
        artifact.movieIds.map((id, i) => [id, artifact.stats!.movieRatingCounts![i]!]),
      );
      const picks = scorer.recommend({ ratings: [], excludeMovieIds: [], count: 30 });
      expect(picks.every((p) => countOf.get(p.movieId)! >= threshold)).toBe(true);
    } finally {
      await strict.onApplicationShutdown();
    }
  });
});
