import request from 'supertest';
import type { Worker } from 'bullmq';
import {
  type ImportPreviewResponse,
  type ImportResponse,
  type RatingsExport,
  type RecommendJobData,
  IMPORT_MAX_ROWS,
} from '@marquee/contracts';
import { startFakeRecommender } from '../testing/fake-workers';
import {
  countRows,
  seedMovies,
  startTestGateway,
  type TestGateway,
} from '../testing/gateway-test-kit';
import { seedModelVersion } from '../testing/model-versions';

let gw: TestGateway;

/** Films as MovieLens names them, with links.csv's IMDb ids (7 digits, no "tt"). */
const CATALOGUE = [
  { id: 1, title: 'Toy Story', year: 1995, imdbId: '0114709' },
  { id: 2, title: 'Matrix, The', year: 1999, imdbId: '0133093' },
  { id: 3, title: "Amélie (Fabuleux destin d'Amélie Poulain, Le)", year: 2001, imdbId: '0211915' },
  { id: 4, title: 'Star Wars: Episode IV - A New Hope', year: 1977, imdbId: '0076759' },
  { id: 5, title: 'Seven (a.k.a. Se7en)', year: 1995, imdbId: '0114369' },
  { id: 6, title: 'Hamlet', year: 1990, imdbId: '0099726' },
  { id: 7, title: 'Hamlet', year: 1990, imdbId: '0171359' },
  { id: 8, title: 'Lord of the Rings, The', year: 1978, imdbId: '0077869' },
  { id: 9, title: 'Inception', year: 2010, imdbId: '1375666' },
];

beforeAll(async () => {
  gw = await startTestGateway('imports');
  await gw.db.movie.createMany({ data: CATALOGUE.map((m) => ({ ...m, genres: ['Drama'] })) });
  await seedMovies(gw.db, 10, 10);
});

afterAll(async () => {
  await gw.close();
});

const IMDB_HEADER =
  'Const,Your Rating,Date Rated,Title,Original Title,URL,Title Type,IMDb Rating,Runtime (mins),Year,Genres,Num Votes,Release Date,Directors';

function imdbLine(tt: string, rating: number, title: string, year: number, date = '2024-03-01') {
  const quoted = `"${title.replace(/"/g, '""')}"`;
  return `${tt},${rating},${date},${quoted},${quoted},https://www.imdb.com/title/${tt}/,Movie,7.5,100,${year},Drama,1000,${year}-01-01,"Someone"`;
}

const csv = (...lines: string[]) => `${lines.join('\r\n')}\r\n`;

type Agent = ReturnType<typeof request.agent>;

function preview(agent: Agent, content: string, extra: object = {}) {
  return agent.post('/api/imports/preview').send({ content, ...extra });
}

function confirm(agent: Agent, content: string, extra: object = {}) {
  return agent.post('/api/imports').send({ content, ...extra });
}

/** The agent's ratings as movieId -> stars. */
async function ratingsOf(agent: Agent): Promise<Record<number, number>> {
  const res = await agent.get('/api/exports/ratings.json').expect(200);
  const body = res.body as RatingsExport;
  return Object.fromEntries(body.ratings.map((r) => [r.movieId, r.rating]));
}

describe('importing an IMDb ratings export', () => {
  const file = csv(
    IMDB_HEADER,
    imdbLine('tt0114709', 9, 'Toy Story', 1995, '2023-05-06'),
    imdbLine('tt0133093', 10, 'The Matrix', 1999),
    imdbLine('tt0211915', 1, 'Amélie, "the" film', 2001),
    imdbLine('tt9999999', 7, 'Not in the catalogue', 2020),
    imdbLine('tt1375666', 6, 'Inception', 2010),
  );

  it('previews the matches by IMDb id with 10-point ratings as half stars, writing nothing', async () => {
    const agent = request.agent(gw.server);
    const before = await countRows(gw.db);
    const res = await preview(agent, file).expect(200);
    const body = res.body as ImportPreviewResponse;
    expect(body.format).toBe('imdb');
    expect(body.counts).toEqual({
      rows: 5,
      matched: 4,
      unmatched: 1,
      ambiguous: 0,
      conflicting: 0,
    });
    expect(body.writes).toEqual({ ratings: 4, skips: 0, watchlist: 0, notInterested: 0 });
    expect(body.matched.map((m) => [m.line, m.movie.id, m.rating])).toEqual([
      [2, 1, 4.5],
      [3, 2, 5],
      [4, 3, 0.5],
      [6, 9, 3],
    ]);
    expect(body.unmatched).toEqual([
      {
        line: 5,
        kind: 'rating',
        label: 'Not in the catalogue (2020)',
        rating: 3.5,
        reason: 'no film of the catalogue has IMDb id tt9999999',
      },
    ]);
    expect(await countRows(gw.db)).toEqual(before);
  });

  it('imports them on confirmation, with the dates IMDb gives', async () => {
    const agent = request.agent(gw.server);
    const res = await confirm(agent, file).expect(200);
    expect((res.body as ImportResponse).written).toEqual({
      ratings: 4,
      skips: 0,
      watchlist: 0,
      notInterested: 0,
    });
    expect(await ratingsOf(agent)).toEqual({ 1: 4.5, 2: 5, 3: 0.5, 9: 3 });
    const exported = (await agent.get('/api/exports/ratings.json').expect(200))
      .body as RatingsExport;
    expect(exported.ratings.find((r) => r.movieId === 1)).toMatchObject({
      ratedAt: '2023-05-06T00:00:00.000Z',
      imdbId: 'tt0114709',
    });
    // A date in the future is taken as now.
    const later = csv(IMDB_HEADER, imdbLine('tt0076759', 8, 'Star Wars', 1977, '2999-01-01'));
    await confirm(agent, later).expect(200);
    const after = (await agent.get('/api/exports/ratings.json').expect(200)).body as RatingsExport;
    const starWars = after.ratings.find((r) => r.movieId === 4)!;
    expect(Date.parse(starWars.ratedAt)).toBeLessThanOrEqual(Date.now());
  });

  it('shows a film rated differently as a conflict, kept unless asked to replace', async () => {
    const agent = request.agent(gw.server);
    await agent.put('/api/ratings/1').send({ rating: 2 }).expect(200);
    await agent.put('/api/ratings/2').send({ rating: 5 }).expect(200);
    const body = (await preview(agent, file).expect(200)).body as ImportPreviewResponse;
    expect(body.conflicts).toEqual([
      {
        line: 2,
        kind: 'rating',
        label: 'Toy Story (1995)',
        rating: 4.5,
        movie: { id: 1, title: 'Toy Story', year: 1995 },
        current: 2,
        resolution: 'keep',
      },
    ]);
    expect(body.writes.ratings).toBe(3);
    await confirm(agent, file).expect(200);
    expect(await ratingsOf(agent)).toEqual({ 1: 2, 2: 5, 3: 0.5, 9: 3 });
    const replaced = await confirm(agent, file, { onConflict: 'replace' }).expect(200);
    expect((replaced.body as ImportResponse).counts.conflicting).toBe(1);
    expect(await ratingsOf(agent)).toEqual({ 1: 4.5, 2: 5, 3: 0.5, 9: 3 });
  });
});

describe('importing a Letterboxd ratings.csv', () => {
  const file = csv(
    'Date,Name,Year,Letterboxd URI,Rating',
    '2024-01-02,The Matrix,1999,https://boxd.it/1,4.5',
    '2024-01-03,Amelie,2001,https://boxd.it/2,4',
    '2024-01-04,Star Wars: Episode IV – A New Hope,1977,https://boxd.it/3,5',
    '2024-01-05,Se7en,1995,https://boxd.it/4,3.5',
    '2024-01-06,Hamlet,1990,https://boxd.it/5,3',
    '2024-01-07,A Film Nobody Made,1990,https://boxd.it/6,1',
    '2024-01-08,Toy Story,1996,https://boxd.it/7,5',
    '2024-01-09,"The Lord of the Rings",1978,https://boxd.it/8,2.5',
  );

  it('matches by title and year through articles, accents, punctuation and alternative titles', async () => {
    const agent = request.agent(gw.server);
    const body = (await preview(agent, file).expect(200)).body as ImportPreviewResponse;
    expect(body.format).toBe('letterboxd');
    expect(body.matched.map((m) => [m.label, m.movie.id, m.rating])).toEqual([
      ['The Matrix (1999)', 2, 4.5],
      ['Amelie (2001)', 3, 4],
      ['Star Wars: Episode IV – A New Hope (1977)', 4, 5],
      ['Se7en (1995)', 5, 3.5],
      ['Toy Story (1996)', 1, 5], // a year off by one, when no film has the exact one
      ['The Lord of the Rings (1978)', 8, 2.5],
    ]);
    expect(body.ambiguous).toEqual([
      {
        line: 6,
        kind: 'rating',
        label: 'Hamlet (1990)',
        rating: 3,
        candidates: [
          { id: 6, title: 'Hamlet', year: 1990 },
          { id: 7, title: 'Hamlet', year: 1990 },
        ],
      },
    ]);
    expect(body.unmatched.map((u) => u.line)).toEqual([7]);
    expect(body.counts).toEqual({
      rows: 8,
      matched: 6,
      unmatched: 1,
      ambiguous: 1,
      conflicting: 0,
    });

    await confirm(agent, file).expect(200);
    expect(await ratingsOf(agent)).toEqual({ 1: 5, 2: 4.5, 3: 4, 4: 5, 5: 3.5, 8: 2.5 });
  });
});

describe("this site's own export", () => {
  it('exports ratings, skips and both lists as JSON and CSV that import back losslessly', async () => {
    const me = request.agent(gw.server);
    await me.put('/api/ratings/1').send({ rating: 4 }).expect(200);
    await me.put('/api/ratings/3').send({ rating: 0.5 }).expect(200);
    await me.post('/api/skips').send({ movieId: 4 }).expect(200);
    await me.put('/api/watchlist/5').expect(204);
    await me.put('/api/not-interested/6').expect(204);
    const json = (await me.get('/api/exports/ratings.json').expect(200)).body as RatingsExport;
    const csvRes = await me.get('/api/exports/ratings.csv').expect(200);
    expect(csvRes.headers['content-type']).toMatch(/^text\/csv/);
    expect(csvRes.headers['content-disposition']).toMatch(/attachment; filename=".*\.csv"/);
    expect(csvRes.text.split('\r\n')[0]).toBe('kind,movieId,imdbId,title,year,rating,at');
    expect(json.ratings.map((r) => [r.movieId, r.rating])).toEqual([
      [1, 4],
      [3, 0.5],
    ]);
    const strip = ({ exportedAt: _, ...rest }: RatingsExport) => rest;

    for (const [label, content] of [
      ['json', JSON.stringify(json)],
      ['csv', csvRes.text],
    ] as const) {
      const other = request.agent(gw.server);
      const before = await countRows(gw.db);
      const shown = (await preview(other, content).expect(200)).body as ImportPreviewResponse;
      expect({ label, format: shown.format }).toEqual({ label, format: `marquee-${label}` });
      expect(shown.writes).toEqual({ ratings: 2, skips: 1, watchlist: 1, notInterested: 1 });
      expect(await countRows(gw.db)).toEqual(before);
      await confirm(other, content).expect(200);
      const back = (await other.get('/api/exports/ratings.json').expect(200)).body as RatingsExport;
      expect({ label, data: strip(back) }).toEqual({ label, data: strip(json) });
    }
  });
});

describe('all or nothing', () => {
  it('writes nothing when a row fails half way through the transaction', async () => {
    const me = request.agent(gw.server);
    await me.put('/api/ratings/10').send({ rating: 3 }).expect(200);
    const content = JSON.stringify({
      format: 'marquee-export',
      version: 1,
      exportedAt: '2024-01-01T00:00:00.000Z',
      ratings: [1, 2, 3].map((movieId) => ({
        movieId,
        title: 'x',
        year: null,
        imdbId: null,
        rating: 4,
        ratedAt: '2024-01-01T00:00:00.000Z',
      })),
      skips: [],
      watchlist: [11, 12, 13].map((movieId) => ({
        movieId,
        title: 'x',
        year: null,
        imdbId: null,
        at: '2024-01-01T00:00:00.000Z',
      })),
      notInterested: [],
    });
    // The watchlist is written after the ratings: a failure there must undo them.
    await gw.db.$executeRawUnsafe(`
      CREATE FUNCTION fail_on_12() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.movie_id = 12 THEN RAISE EXCEPTION 'test: row 12 fails'; END IF; RETURN NEW; END $$`);
    await gw.db.$executeRawUnsafe(
      'CREATE TRIGGER fail_on_12 BEFORE INSERT ON watchlist FOR EACH ROW EXECUTE FUNCTION fail_on_12()',
    );
    try {
      const before = await countRows(gw.db);
      const res = await confirm(me, content);
      expect(res.status).toBeGreaterThanOrEqual(500);
      expect(await countRows(gw.db)).toEqual(before);
      expect(await ratingsOf(me)).toEqual({ 10: 3 });
    } finally {
      await gw.db.$executeRawUnsafe('DROP TRIGGER fail_on_12 ON watchlist');
      await gw.db.$executeRawUnsafe('DROP FUNCTION fail_on_12()');
    }
    await confirm(me, content).expect(200);
    expect(await ratingsOf(me)).toEqual({ 1: 4, 2: 4, 3: 4, 10: 3 });
  });

  it('answers 404 and writes nothing when a matched film leaves the catalogue before the write', async () => {
    const me = request.agent(gw.server);
    const content = csv(IMDB_HEADER, imdbLine('tt0114709', 9, 'Toy Story', 1995));
    expect(
      ((await preview(me, content).expect(200)).body as ImportPreviewResponse).counts,
    ).toMatchObject({ matched: 1 });
    // The film is deleted while the import is written: its insert breaks the foreign key.
    await gw.db.$executeRawUnsafe(`
      CREATE FUNCTION gone_movie() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION USING ERRCODE = 'foreign_key_violation', MESSAGE = 'test: movie deleted'; END $$`);
    await gw.db.$executeRawUnsafe(
      'CREATE TRIGGER gone_movie BEFORE INSERT ON ratings FOR EACH ROW EXECUTE FUNCTION gone_movie()',
    );
    try {
      const before = await countRows(gw.db);
      const res = await confirm(me, content).expect(404);
      expect(res.body).toMatchObject({ code: 'MOVIE_NOT_FOUND' });
      expect(res.body.message).toMatch(/no longer in the catalogue; nothing was imported/);
      expect(await countRows(gw.db)).toEqual(before);
    } finally {
      await gw.db.$executeRawUnsafe('DROP TRIGGER gone_movie ON ratings');
      await gw.db.$executeRawUnsafe('DROP FUNCTION gone_movie()');
    }
  });
});

describe('bad files', () => {
  async function refused(content: string, status: number, code: string, message: RegExp) {
    const before = await countRows(gw.db);
    for (const path of ['/api/imports/preview', '/api/imports']) {
      const res = await request(gw.server).post(path).send({ content }).expect(status);
      expect(res.body).toMatchObject({ code });
      expect(res.body.message).toMatch(message);
    }
    expect(await countRows(gw.db)).toEqual(before);
  }

  it('names the malformed line', async () => {
    const good = imdbLine('tt0114709', 9, 'Toy Story', 1995);
    await refused(
      csv(IMDB_HEADER, good, good.replace(',9,', ',11,')),
      400,
      'MALFORMED_FILE',
      /^Line 3 of the file: Your Rating "11" is not a whole number from 1 to 10$/,
    );
    await refused(
      csv(IMDB_HEADER, good, good.replace('tt0114709', 'x123')),
      400,
      'MALFORMED_FILE',
      /^Line 3 of the file: Const "x123" is not an IMDb id/,
    );
    await refused(
      csv(
        'Date,Name,Year,Letterboxd URI,Rating',
        '2024-01-01,Heat,1995,u,4',
        '2024-01-01,Up,2009,u,4.3',
      ),
      400,
      'MALFORMED_FILE',
      /^Line 3 of the file: Rating "4.3" is not a rating from 0.5 to 5 in half stars$/,
    );
    await refused(
      csv(IMDB_HEADER, good, good, 'tt0114709,9,"unclosed'),
      400,
      'MALFORMED_FILE',
      /^Line 4 of the file: a quoted field .* never closed/,
    );
    await refused(
      csv(IMDB_HEADER, good, 'tt0114709,9'),
      400,
      'MALFORMED_FILE',
      /^Line 3 of the file: expected 14 fields, as the header has, but found 2$/,
    );
    await refused(
      csv('title,stars', 'Heat,4'),
      400,
      'MALFORMED_FILE',
      /^Line 1 of the file: the header "title,stars" is not that of IMDb's ratings export/,
    );
    await refused('{"ratings": [', 400, 'MALFORMED_FILE', /is not valid JSON/);
    await refused('{"ratings": []}', 400, 'MALFORMED_FILE', /is not this site's JSON export/);
  });

  it('refuses an oversized file (413) and one with too many rows (413)', async () => {
    const line = imdbLine('tt0114709', 9, 'Toy Story', 1995);
    const big = csv(IMDB_HEADER, ...Array.from({ length: 20_000 }, () => line));
    expect(big.length).toBeGreaterThan(2 * 1024 * 1024);
    await refused(big, 413, 'PAYLOAD_TOO_LARGE', /larger than/);
    const many = csv(
      'Const,Your Rating',
      ...Array.from({ length: IMPORT_MAX_ROWS + 1 }, () => 'tt1,5'),
    );
    await refused(many, 413, 'TOO_MANY_ROWS', /10001 rows; an import takes at most 10000/);
  });

  it('refuses a body that is not the request', async () => {
    const res = await request(gw.server)
      .post('/api/imports/preview')
      .send({ content: 'Const,Your Rating\n', format: 'csv', userId: 1 })
      .expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION' });
    await request(gw.server)
      .post('/api/imports')
      .set('content-type', 'text/csv')
      .send('Const,Your Rating\ntt0114709,9\n')
      .expect(400);
  });
});

describe("another user's data", () => {
  it('is never read, exported or changed by an import', async () => {
    const them = request.agent(gw.server);
    await them.put('/api/ratings/1').send({ rating: 1 }).expect(200);
    await them.put('/api/watchlist/9').expect(204);
    const theirs = (await them.get('/api/exports/ratings.json').expect(200)).body as RatingsExport;

    const me = request.agent(gw.server);
    const mine = await me.get('/api/exports/ratings.json').expect(200);
    expect((mine.body as RatingsExport).ratings).toEqual([]);
    const file = csv(IMDB_HEADER, imdbLine('tt0114709', 10, 'Toy Story', 1995));
    const shown = (await preview(me, file).expect(200)).body as ImportPreviewResponse;
    expect(shown.conflicts).toEqual([]);
    await confirm(me, file, { onConflict: 'replace' }).expect(200);
    expect(await ratingsOf(me)).toEqual({ 1: 5 });
    const after = (await them.get('/api/exports/ratings.json').expect(200)).body as RatingsExport;
    expect({ ...after, exportedAt: '' }).toEqual({ ...theirs, exportedAt: '' });
  });
});

describe('recommendations after an import', () => {
  let worker: Worker;
  const received: RecommendJobData[] = [];

  beforeAll(async () => {
    const { version } = await seedModelVersion(gw.db, 'ACTIVE');
    worker = await startFakeRecommender(gw, (data) => {
      received.push(data);
      return {
        modelVersion: version,
        replica: 'replica-a',
        items: [{ movieId: 15, predictedRating: 4 }],
      };
    });
  });

  afterAll(async () => {
    await worker.close();
  });

  it('are made from the imported ratings at once', async () => {
    const me = request.agent(gw.server);
    await confirm(me, csv(IMDB_HEADER, imdbLine('tt0133093', 8, 'The Matrix', 1999))).expect(200);
    await me.get('/api/recommendations').expect(200);
    expect(received.at(-1)?.ratings).toEqual([{ movieId: 2, rating: 4 }]);
  });
});
