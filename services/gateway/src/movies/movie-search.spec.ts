import request from 'supertest';
import type { MovieSearchResponse } from '@marquee/contracts';
import {
  seedMovieLensRatings,
  startTestGateway,
  type TestGateway,
} from '../testing/gateway-test-kit';

let gw: TestGateway;

const MOVIES: { id: number; title: string; year: number; raters: number }[] = [
  { id: 1, title: 'Matrix, The', year: 1999, raters: 9 },
  { id: 2, title: 'Matrix Reloaded, The', year: 2003, raters: 4 },
  {
    id: 3,
    title: 'Léon: The Professional (a.k.a. The Professional) (Léon)',
    year: 1994,
    raters: 5,
  },
  { id: 4, title: "Amélie (Fabuleux destin d'Amélie Poulain, Le)", year: 2001, raters: 6 },
  { id: 5, title: 'Toy Story', year: 1995, raters: 3 },
  // More rated than Toy Story: popularity must not beat an exact title match.
  { id: 6, title: 'Toy Story 2', year: 1999, raters: 8 },
  { id: 7, title: 'Story of Us, The', year: 1999, raters: 1 },
  { id: 8, title: 'Misérables, Les', year: 1995, raters: 2 },
];

beforeAll(async () => {
  gw = await startTestGateway('search');
  await gw.db.movie.createMany({
    data: MOVIES.map(({ id, title, year }) => ({ id, title, year, genres: ['Drama'] })),
  });
  await seedMovieLensRatings(
    gw.db,
    MOVIES.map((f) => ({ movieId: f.id, raters: f.raters })),
  );
});

afterAll(async () => {
  await gw.close();
});

async function search(query: string): Promise<number[]> {
  const res = await request(gw.server).get('/api/movies/search').query({ q: query }).expect(200);
  const body = res.body as MovieSearchResponse;
  expect(body.query).toBe(query.trim());
  return body.movies.map((m) => m.id);
}

describe('GET /api/movies/search', () => {
  it('ignores case and accents, in the query and in titles', async () => {
    expect(await search('LEON')).toEqual([3]);
    expect(await search('amelie')).toEqual([4]);
    expect(await search('Misérables')).toEqual([8]);
    expect(await search('miserables')).toEqual([8]);
  });

  it('puts the exact title first, with the article where people say it', async () => {
    expect(await search('the matrix')).toEqual([1, 2]);
    expect(await search('toy story')).toEqual([5, 6]);
    expect(await search('Matrix, The')).toEqual([1, 2]);
  });

  it('ranks titles that start with the query before the rest, then by popularity', async () => {
    // "Story of Us, The" starts with "story"; the Toy Storys have it later, most rated first.
    expect(await search('story')).toEqual([7, 6, 5]);
    expect(await search('matrix')).toEqual([1, 2]);
  });

  it('matches every word anywhere in the title, in any order, and parts of words', async () => {
    expect(await search('story toy')).toEqual([6, 5]);
    expect(await search('reload')).toEqual([2]);
    expect(await search('  professional   leon ')).toEqual([3]);
  });

  it('answers an empty list when nothing matches, and honours limit', async () => {
    expect(await search('zzzz')).toEqual([]);
    const res = await request(gw.server).get('/api/movies/search?q=story&limit=1').expect(200);
    expect((res.body as MovieSearchResponse).movies.map((m) => m.id)).toEqual([7]);
  });

  it('treats LIKE wildcards and quotes as plain text', async () => {
    expect(await search("amélie'")).toEqual([4]);
    expect(await search('toy%story')).toEqual([5, 6]);
  });

  it('returns full movie cards', async () => {
    const res = await request(gw.server).get('/api/movies/search?q=toy story 2').expect(200);
    expect((res.body as MovieSearchResponse).movies).toEqual([
      { id: 6, title: 'Toy Story 2', year: 1999, genres: ['Drama'], posterUrl: null },
    ]);
  });

  it.each([
    ['', 'q is required'],
    ['?q=', 'q must not be empty'],
    ['?q=%20%20', 'q must not be empty'],
    ['?q=!!!', 'q must contain a letter or a digit'],
    ['?q=%25_', 'q must contain a letter or a digit'],
    [`?q=${'a'.repeat(101)}`, 'q must be at most 100 characters'],
    ['?q=toy&limit=0', 'limit must be at least 1'],
    ['?q=toy&limit=51', 'limit must be at most 50'],
    ['?q=toy&limit=two', 'limit must be a number'],
    ['?q=toy&sort=year', 'sort'],
  ])('answers 400 naming the problem for %j', async (query, problem) => {
    const res = await request(gw.server).get(`/api/movies/search${query}`).expect(400);
    expect(res.body.statusCode).toBe(400);
    expect(JSON.stringify(res.body.details ?? res.body.message)).toContain(problem);
  });
});
