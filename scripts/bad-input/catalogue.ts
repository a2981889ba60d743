import {
  IMPORT_MAX_BYTES,
  IMPORT_MAX_ROWS,
  MAX_TRAIN_EPOCHS,
  PASSWORD_MAX,
  SESSION_COOKIE,
} from '@marquee/contracts';

/**
 * The bad requests `npm run proof:bad-input` fires at the gateway: malformed, oversized,
 * wrong-typed and injection-shaped input at every route, plus bad credentials on the admin
 * API. Every one must be refused with a clear 4xx (or, where a route has no input to refuse,
 * answered without a write).
 */

export type BadKind = 'malformed' | 'oversized' | 'wrong-type' | 'injection' | 'credentials';

/** A route of the gateway as Nest declares it ("PUT /api/ratings/:movieId"). */
export type RouteKey = `${'GET' | 'PUT' | 'POST' | 'DELETE'} /${string}`;

export interface BadRequest {
  route: RouteKey | 'unrouted';
  kind: BadKind;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
  /**
   * reject: must be a 4xx. no-write: the route has nothing to refuse in this request (e.g. a
   * forged cookie on a read just gets a new identity); any non-5xx answer is fine.
   */
  expect: 'reject' | 'no-write';
}

/** Every route of the gateway; a unit test compares this list with the controllers. */
export const GATEWAY_ROUTES: RouteKey[] = [
  'GET /health/live',
  'GET /health/ready',
  'GET /api/movies/sample',
  'GET /api/movies/search',
  'GET /api/movies/:movieId',
  'GET /api/movies/:movieId/for-me',
  'GET /api/models',
  'GET /api/models/training',
  'GET /api/ratings',
  'PUT /api/ratings/:movieId',
  'DELETE /api/ratings/:movieId',
  'POST /api/skips',
  'GET /api/not-interested',
  'PUT /api/not-interested/:movieId',
  'DELETE /api/not-interested/:movieId',
  'GET /api/watchlist',
  'PUT /api/watchlist/:movieId',
  'DELETE /api/watchlist/:movieId',
  'POST /api/profile/reset',
  'GET /api/account',
  'POST /api/account/signup',
  'POST /api/account/signin',
  'POST /api/account/signout',
  'POST /api/account/password',
  'DELETE /api/account',
  'POST /api/imports/preview',
  'POST /api/imports',
  'GET /api/exports/ratings.csv',
  'GET /api/exports/ratings.json',
  'GET /api/recommendations',
  'POST /api/admin/session',
  'DELETE /api/admin/session',
  'POST /api/admin/models/train',
  'GET /api/admin/train/:jobId',
  'GET /api/admin/train/events',
  'POST /api/admin/models/:version/activate',
];

/** Strings shaped like SQL, script, template, path, NoSQL and log injections. */
export const INJECTIONS = [
  "1' OR '1'='1",
  '1; DROP TABLE ratings;--',
  '1 UNION SELECT anon_id FROM users--',
  '1)); DELETE FROM users; --',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '../../../../etc/passwd',
  '..%2f..%2fetc%2fpasswd',
  '${jndi:ldap://127.0.0.1/a}',
  '{{7*7}}',
  '#{7*7}',
  '{"$gt":""}',
  '$where: 1 == 1',
  '%00',
  'line\r\nSet-Cookie: evil=1',
  '\u0000',
  '\u202e1',
  '😀',
  'A'.repeat(5000),
];

/** Values of the wrong type or outside the range, as path or query text. */
export const WRONG_TEXT = [
  '',
  ' ',
  'abc',
  '-1',
  '0',
  '1.5',
  '1e3',
  '0x10',
  '1,2',
  'NaN',
  'Infinity',
  '-Infinity',
  'true',
  'null',
  'undefined',
  '[]',
  '{}',
  '2147483648',
  '99999999999999999999999',
  ' 1',
  '1 ',
  '+1',
  '01',
];

/** JSON values of the wrong type or range for a number field. */
export const WRONG_JSON_VALUES: unknown[] = [
  null,
  true,
  false,
  '4',
  '4.5',
  '',
  [],
  [4],
  {},
  { value: 4 },
  -1,
  0,
  0.25,
  4.3,
  5.5,
  6,
  1e308,
  -1e308,
  2147483648,
  Number.MAX_SAFE_INTEGER + 2,
];

/** Bodies that are not valid JSON, or JSON of the wrong shape. */
export const MALFORMED_BODIES = [
  '{',
  '}',
  '{"rating":',
  "{'rating': 4}",
  '{"rating": 4,}',
  '{rating: 4}',
  'rating=4',
  'null',
  '[]',
  '[{"rating":4}]',
  '"rating"',
  '4',
  'true',
  '\u0000',
  '\ufeff{"rating":4}',
  '{"rating": NaN}',
  '{"rating": Infinity}',
  '{"rating": 0x4}',
  '{"__proto__": {"rating": 4}}',
  '{"constructor": {"prototype": {"rating": 4}}}',
  '['.repeat(3000) + ']'.repeat(3000),
  '{"a":'.repeat(1000) + '1' + '}'.repeat(1000),
];

/** What the JSON body parser (strict mode) accepts: an object or an array. */
function parsesAsObjectOrArray(text: string): boolean {
  try {
    // body-parser drops a leading byte-order mark before parsing.
    const value: unknown = JSON.parse(text.replace(/^\ufeff/, ''));
    return typeof value === 'object' && value !== null;
  } catch {
    return false;
  }
}

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Content types the JSON routes must refuse, with a body that would be valid JSON. */
const WRONG_CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'text/json',
];

function encodePathSegment(value: string): string {
  return encodeURIComponent(value);
}

interface JsonRoute {
  route: RouteKey;
  method: 'PUT' | 'POST' | 'DELETE';
  path: string;
  /** The body's field that the route reads, and a valid value for it. */
  field: string;
  valid: unknown;
  /** Whether the route would accept this value of the field (such values are left out). */
  accepts: (value: unknown) => boolean;
  headers?: Record<string, string>;
}

const isInt = (v: unknown, min: number, max: number) =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Everything that can be wrong with a JSON body, for one route. */
function badBodies(r: JsonRoute): BadRequest[] {
  const headers = { ...JSON_HEADERS, ...r.headers };
  const base = { route: r.route, method: r.method, path: r.path, expect: 'reject' as const };
  const out: BadRequest[] = [];
  for (const body of MALFORMED_BODIES) {
    out.push({ ...base, kind: 'malformed', headers, body: Buffer.from(body) });
  }
  for (const value of WRONG_JSON_VALUES.filter((v) => !r.accepts(v))) {
    out.push({ ...base, kind: 'wrong-type', headers, body: json({ [r.field]: value }) });
  }
  for (const value of INJECTIONS) {
    out.push({ ...base, kind: 'injection', headers, body: json({ [r.field]: value }) });
  }
  // A valid field with an unknown extra one, and the field missing.
  out.push({
    ...base,
    kind: 'injection',
    headers,
    body: json({ [r.field]: r.valid, userId: 1, "anon_id' OR 1=1--": 1 }),
  });
  out.push({ ...base, kind: 'malformed', headers, body: json({}) });
  for (const type of WRONG_CONTENT_TYPES) {
    out.push({
      ...base,
      kind: 'malformed',
      headers: { ...r.headers, 'content-type': type },
      body: json({ [r.field]: r.valid }),
    });
  }
  out.push({
    ...base,
    kind: 'malformed',
    headers: { ...headers, 'content-encoding': 'gzip' },
    body: json({ [r.field]: r.valid }),
  });
  for (const size of [10_241, 64 * 1024, 512 * 1024]) {
    const padding = 'x'.repeat(size);
    out.push({ ...base, kind: 'oversized', headers, body: json({ [r.field]: r.valid, padding }) });
  }
  out.push({
    ...base,
    kind: 'oversized',
    headers,
    body: json({ [r.field]: Array.from({ length: 4000 }, () => r.valid) }),
  });
  return out;
}

function badQueries(route: RouteKey, path: string): BadRequest[] {
  const base = { route, method: 'GET', headers: {}, expect: 'reject' as const };
  const out: BadRequest[] = [];
  for (const value of [...WRONG_TEXT, ...INJECTIONS]) {
    out.push({
      ...base,
      kind: INJECTIONS.includes(value) ? 'injection' : 'wrong-type',
      path: `${path}?count=${encodeURIComponent(value)}`,
    });
  }
  for (const query of [
    'count=1&count=2',
    'count[]=1',
    'count[$gt]=1',
    'count=1&userId=1',
    '__proto__[count]=1',
    'count=%',
    `count=${'9'.repeat(5000)}`,
  ]) {
    out.push({ ...base, kind: 'malformed', path: `${path}?${query}` });
  }
  return out;
}

/** Search: bad limits and missing, empty or overlong text are refused; any text is just text. */
function badSearches(): BadRequest[] {
  const route: RouteKey = 'GET /api/movies/search';
  const base = { route, method: 'GET', headers: {} };
  const out: BadRequest[] = [];
  for (const value of WRONG_TEXT.filter((v) => !/^\s*\+?0*[1-9]\d?\s*$/.test(v) || v === '0')) {
    out.push({
      ...base,
      kind: 'wrong-type',
      path: `/api/movies/search?q=toy&limit=${encodeURIComponent(value)}`,
      expect: 'reject',
    });
  }
  for (const query of [
    '',
    'q=',
    'q=%20%20',
    'q=!!!',
    `q=${'a'.repeat(101)}`,
    'q=toy&q=story',
    'q[$ne]=1',
    'q=toy&userId=1',
  ]) {
    out.push({ ...base, kind: 'malformed', path: `/api/movies/search?${query}`, expect: 'reject' });
  }
  for (const value of INJECTIONS.filter((v) => /[\p{L}\p{N}]/u.test(v) && v.length <= 100)) {
    out.push({
      ...base,
      kind: 'injection',
      path: `/api/movies/search?q=${encodeURIComponent(value)}`,
      expect: 'no-write',
    });
  }
  return out;
}

function badPathParams(
  route: RouteKey,
  method: string,
  template: (value: string) => string,
  extra: Partial<BadRequest> = {},
): BadRequest[] {
  return [...WRONG_TEXT.filter((v) => v.trim() !== ''), ...INJECTIONS].map((value) => ({
    route,
    method,
    path: template(encodePathSegment(value)),
    headers: {},
    kind: INJECTIONS.includes(value) ? ('injection' as const) : ('wrong-type' as const),
    expect: 'reject' as const,
    ...extra,
  }));
}

/** A movie id no movie has (the synthetic data's ids are small). */
const UNKNOWN_MOVIE = 999_999;

/**
 * A film's page (its details, and the model's word on it for the user): malformed and injected
 * ids, and an unknown movie, which must be a 404 whether or not a model could answer.
 */
function badMoviePageRequests(): BadRequest[] {
  const out: BadRequest[] = [];
  for (const [route, template] of [
    ['GET /api/movies/:movieId', (v: string) => `/api/movies/${v}`],
    ['GET /api/movies/:movieId/for-me', (v: string) => `/api/movies/${v}/for-me`],
  ] as const) {
    out.push(...badPathParams(route, 'GET', template), {
      route,
      method: 'GET',
      path: template(String(UNKNOWN_MOVIE)),
      headers: {},
      kind: 'wrong-type',
      expect: 'reject',
    });
  }
  return out;
}

/**
 * The movie-list routes ("not interested", watchlist): malformed and injected ids, unknown movies,
 * and bodies (they read none) that are oversized or do not parse.
 */
function badMovieListRequests(): BadRequest[] {
  const out: BadRequest[] = [];
  for (const list of ['not-interested', 'watchlist']) {
    const put = `PUT /api/${list}/:movieId` as RouteKey;
    const del = `DELETE /api/${list}/:movieId` as RouteKey;
    out.push(
      ...badPathParams(put, 'PUT', (v) => `/api/${list}/${v}`),
      ...badPathParams(del, 'DELETE', (v) => `/api/${list}/${v}`),
    );
    for (const [route, method] of [
      [put, 'PUT'],
      [del, 'DELETE'],
    ] as const) {
      out.push({
        route,
        method,
        path: `/api/${list}/${UNKNOWN_MOVIE}`,
        headers: {},
        kind: 'wrong-type',
        expect: 'reject',
      });
    }
    for (const size of [10_241, 64 * 1024, 512 * 1024]) {
      out.push({
        route: put,
        method: 'PUT',
        path: `/api/${list}/1`,
        headers: JSON_HEADERS,
        body: json({ padding: 'x'.repeat(size) }),
        kind: 'oversized',
        expect: 'reject',
      });
    }
    for (const body of MALFORMED_BODIES.filter((b) => !parsesAsObjectOrArray(b))) {
      out.push({
        route: put,
        method: 'PUT',
        path: `/api/${list}/1`,
        headers: JSON_HEADERS,
        body: Buffer.from(body),
        kind: 'malformed',
        expect: 'reject',
      });
    }
    out.push({
      route: put,
      method: 'PUT',
      path: `/api/${list}/1`,
      headers: { 'content-type': 'text/plain' },
      body: Buffer.from('{"movieId":1}'),
      kind: 'malformed',
      expect: 'reject',
    });
  }
  return out;
}

const IMDB_HEADER = 'Const,Your Rating,Date Rated,Title,Year';

/**
 * Imports (preview and confirmation): every bad body, and files that are oversized (413),
 * too long (413), malformed on a line, of no known format, or name users (400). None is valid,
 * so none may write.
 */
function badImports(): BadRequest[] {
  const out: BadRequest[] = [];
  for (const [route, path] of [
    ['POST /api/imports/preview', '/api/imports/preview'],
    ['POST /api/imports', '/api/imports'],
  ] as const) {
    // Any string is a file to read, but none of these strings is a file of a known format.
    out.push(
      ...badBodies({
        route,
        method: 'POST',
        path,
        field: 'content',
        valid: `${IMDB_HEADER}\ntt0114709,8,2024-01-01,Toy Story,1995\n`,
        accepts: () => false,
      }),
    );
    const base = { route, method: 'POST', path, headers: JSON_HEADERS, expect: 'reject' as const };
    const row = 'tt0114709,8,2024-01-01,Toy Story,1995';
    const files: [BadKind, string, Record<string, unknown>?][] = [
      [
        'oversized',
        `${IMDB_HEADER}\n${`${row}\n`.repeat(Math.ceil(IMPORT_MAX_BYTES / row.length))}`,
      ],
      ['oversized', `Const,Your Rating\n${'tt1,5\n'.repeat(IMPORT_MAX_ROWS + 1)}`],
      ['malformed', `${IMDB_HEADER}\n${row}\ntt0114709,11,2024-01-01,Toy Story,1995\n`],
      ['malformed', `${IMDB_HEADER}\n${row}\ntt0114709,8,"unclosed\n`],
      ['malformed', `${IMDB_HEADER}\n${row},extra\n`],
      ['malformed', 'Date,Name,Year,Letterboxd URI,Rating\n2024-01-01,Heat,1995,u,4.25\n'],
      ['malformed', 'kind,movieId,imdbId,title,year,rating,at\nrating,0,,x,,4,\n'],
      ['malformed', '{"format":"marquee-export","version":1'],
      ['wrong-type', 'title,stars\nHeat,4\n'],
      ['wrong-type', `${IMDB_HEADER}\n${row}\n`, { format: 'letterboxd' }],
      ['wrong-type', `${IMDB_HEADER}\n${row}\n`, { format: 'xlsx' }],
      ['wrong-type', `${IMDB_HEADER}\n${row}\n`, { onConflict: 'merge' }],
      ['wrong-type', '\ufeff'],
      // Another user's rows cannot be named: the export has no user, and extra fields are refused.
      [
        'injection',
        JSON.stringify({
          format: 'marquee-export',
          version: 1,
          exportedAt: '2024-01-01T00:00:00.000Z',
          userId: 1,
          ratings: [
            {
              userId: 1,
              movieId: 1,
              title: 'x',
              year: null,
              imdbId: null,
              rating: 4,
              ratedAt: '2024-01-01T00:00:00.000Z',
            },
          ],
          skips: [],
          watchlist: [],
          notInterested: [],
        }),
      ],
      ['injection', `${IMDB_HEADER}\ntt0114709' OR '1'='1,8,2024-01-01,x,1995\n`],
    ];
    for (const [kind, content, extra] of files) {
      out.push({ ...base, kind, body: json({ content, ...extra }) });
    }
    out.push({
      ...base,
      kind: 'wrong-type',
      headers: { 'content-type': 'text/csv' },
      body: Buffer.from(`${IMDB_HEADER}\n${row}\n`),
    });
  }
  return out;
}

/** Genre and decade filters of the recommendations that must be refused. */
function badFilters(): BadRequest[] {
  const route: RouteKey = 'GET /api/recommendations';
  const base = { route, method: 'GET', headers: {}, expect: 'reject' as const };
  const out: BadRequest[] = [];
  const genres = ['drama', 'DRAMA', 'Sci Fi', 'Drama,Comedy', 'Drama|Comedy', '(no genres listed)'];
  for (const value of [...WRONG_TEXT, ...INJECTIONS, ...genres]) {
    out.push({
      ...base,
      kind: INJECTIONS.includes(value) ? 'injection' : 'wrong-type',
      path: `/api/recommendations?genre=${encodeURIComponent(value)}`,
    });
  }
  const decades = ['1995', '90', '199', '19900', '1790', '2100', 'nineties', '1990s', '1990.0'];
  for (const value of [...WRONG_TEXT, ...INJECTIONS, ...decades]) {
    out.push({
      ...base,
      kind: INJECTIONS.includes(value) ? 'injection' : 'wrong-type',
      path: `/api/recommendations?decade=${encodeURIComponent(value)}`,
    });
  }
  for (const query of [
    'genre=Drama&genre=Comedy',
    'genre[]=Drama',
    'genre[$ne]=Drama',
    'decade=1990&decade=2000',
    'decade[$gt]=1990',
    'genre=Drama&decade=1995',
    `genre=${'A'.repeat(5000)}`,
  ]) {
    out.push({ ...base, kind: 'malformed', path: `/api/recommendations?${query}` });
  }
  return out;
}

/** Identity cookies a client might forge; a read just gets a fresh identity, never another's. */
const FORGED_COOKIES = [
  'marquee_uid=00000000-0000-4000-8000-000000000001',
  'marquee_uid=s%3A00000000-0000-4000-8000-000000000001.forged',
  "marquee_uid=s%3A1' OR '1'='1.x",
  'marquee_uid=j%3A%7B%22%24gt%22%3A%22%22%7D',
  `marquee_uid=${'a'.repeat(4000)}`,
  'marquee_uid=%',
  'marquee_uid',
];

/** Authorization headers that must not open the admin API. */
export function badCredentials(adminToken: string): Record<string, string>[] {
  return [
    {},
    { authorization: '' },
    { authorization: 'Bearer' },
    { authorization: 'Bearer ' },
    { authorization: 'bearer wrong-token-0123456789' },
    { authorization: `Bearer ${adminToken.slice(0, -1)}` },
    { authorization: `Bearer ${adminToken}x` },
    { authorization: `Bearer ${adminToken.toUpperCase()}` },
    { authorization: `Basic ${Buffer.from(`admin:${adminToken}`).toString('base64')}` },
    { authorization: `Token ${adminToken}` },
    { authorization: `Bearer ${adminToken} ${adminToken}` },
    { authorization: "Bearer ' OR '1'='1" },
    { authorization: `Bearer ${'A'.repeat(8000)}` },
    { cookie: 'marquee_admin=1700000000000.forged' },
  ];
}

/** The accounts the run signs up before it fires (main.ts), and the session cookies it keeps. */
export interface ProofAccounts {
  /** The account whose rows and sessions must come out unchanged, and its password. */
  username: string;
  password: string;
  /** A live session of that account ("marquee_session=..."). */
  session: string;
  /** A live session of another account. */
  otherSession: string;
  /** A session of the first account that was signed out (revoked). */
  revokedSession: string;
  /** A session of an account that was deleted since. */
  deletedAccountSession: string;
}

/** Session cookies nobody was given: unsigned, signed with another secret, malformed. */
function forgedSessionCookies(accounts: ProofAccounts): string[] {
  const token = decodeURIComponent(accounts.session.split('=')[1] ?? '');
  const bare = token.replace(/^s:/, '').replace(/\.[^.]*$/, '');
  return [
    `${SESSION_COOKIE}=${bare}`,
    `${SESSION_COOKIE}=${encodeURIComponent(`s:${bare}.forgedsignature`)}`,
    `${SESSION_COOKIE}=s%3A${'A'.repeat(43)}.x`,
    `${SESSION_COOKIE}=s%3A1' OR '1'='1.x`,
    `${SESSION_COOKIE}=j%3A%7B%22%24gt%22%3A%22%22%7D`,
    `${SESSION_COOKIE}=${'a'.repeat(4000)}`,
    `${SESSION_COOKIE}=%`,
    SESSION_COOKIE,
  ];
}

/**
 * The account routes: every bad body at sign-up, sign-in, password change and deletion; wrong
 * passwords, unknown users, and other users', revoked, deleted and forged sessions. None may
 * open a session, change a password or delete anything.
 */
function badAccountRequests(accounts: ProofAccounts): BadRequest[] {
  const out: BadRequest[] = [];
  const { username, password } = accounts;
  const body = (
    route: RouteKey,
    method: string,
    path: string,
    value: unknown,
    cookie?: string,
  ) => ({
    route,
    method,
    path,
    headers: { ...JSON_HEADERS, ...(cookie ? { cookie } : {}) },
    body: json(value),
  });
  const isUsername = (v: unknown) => typeof v === 'string' && /^[A-Za-z0-9][\w.-]{2,31}$/.test(v);
  // A body with only one of its two fields is refused whatever the field's value.
  out.push(
    ...badBodies({
      route: 'POST /api/account/signup',
      method: 'POST',
      path: '/api/account/signup',
      field: 'username',
      valid: 'new-user',
      accepts: () => false,
    }),
    ...badBodies({
      route: 'POST /api/account/signin',
      method: 'POST',
      path: '/api/account/signin',
      field: 'password',
      valid: password,
      accepts: () => false,
    }),
    ...badBodies({
      route: 'POST /api/account/password',
      method: 'POST',
      path: '/api/account/password',
      field: 'newPassword',
      valid: 'a brand new password',
      accepts: () => false,
      headers: { cookie: accounts.session },
    }),
    ...badBodies({
      route: 'DELETE /api/account',
      method: 'DELETE',
      path: '/api/account',
      field: 'password',
      valid: password,
      accepts: () => false,
      headers: { cookie: accounts.session },
    }).filter((r) => r.body === undefined || !r.body.equals(json({ password }))),
  );
  // Both fields, one of them bad: the username's rules, the password's length bounds.
  for (const name of [
    ...INJECTIONS,
    'ab',
    'a'.repeat(33),
    ' spaced ',
    '-dash',
    ...WRONG_JSON_VALUES,
  ]) {
    if (isUsername(name)) continue;
    for (const path of ['/api/account/signup', '/api/account/signin']) {
      const route = `POST ${path}` as RouteKey;
      out.push({
        ...body(route, 'POST', path, { username: name, password }),
        kind: 'wrong-type',
        expect: 'reject',
      });
    }
  }
  for (const bad of [
    'short',
    '',
    'x'.repeat(PASSWORD_MAX + 1),
    12345678901,
    null,
    ['a long password'],
  ]) {
    out.push(
      {
        ...body('POST /api/account/signup', 'POST', '/api/account/signup', {
          username: 'new-user',
          password: bad,
        }),
        kind: 'wrong-type',
        expect: 'reject',
      },
      {
        ...body(
          'POST /api/account/password',
          'POST',
          '/api/account/password',
          { currentPassword: password, newPassword: bad },
          accounts.session,
        ),
        kind: 'wrong-type',
        expect: 'reject',
      },
    );
  }
  // A taken username, in any case, from a new visitor and from the signed-in account.
  for (const name of [username, username.toUpperCase()]) {
    out.push({
      ...body('POST /api/account/signup', 'POST', '/api/account/signup', {
        username: name,
        password: 'another long password',
      }),
      kind: 'credentials',
      expect: 'reject',
    });
  }
  out.push({
    ...body(
      'POST /api/account/signup',
      'POST',
      '/api/account/signup',
      { username: 'second-account', password: 'another long password' },
      accounts.session,
    ),
    kind: 'credentials',
    expect: 'reject',
  });
  // Wrong passwords and unknown users (the per-account limit then answers 429: still refused).
  const guesses = [
    '',
    ' ',
    password.toUpperCase(),
    `${password} `,
    `${password}x`,
    "' OR '1'='1",
    'x'.repeat(PASSWORD_MAX),
  ];
  for (const guess of guesses.filter((g) => g.length > 0)) {
    out.push(
      {
        ...body('POST /api/account/signin', 'POST', '/api/account/signin', {
          username,
          password: guess,
        }),
        kind: 'credentials',
        expect: 'reject',
      },
      {
        ...body('POST /api/account/signin', 'POST', '/api/account/signin', {
          username: 'nobody-here',
          password: guess,
        }),
        kind: 'credentials',
        expect: 'reject',
      },
      {
        ...body(
          'POST /api/account/password',
          'POST',
          '/api/account/password',
          { currentPassword: guess, newPassword: 'a brand new password' },
          accounts.session,
        ),
        kind: 'credentials',
        expect: 'reject',
      },
      {
        ...body(
          'DELETE /api/account',
          'DELETE',
          '/api/account',
          { password: guess },
          accounts.session,
        ),
        kind: 'credentials',
        expect: 'reject',
      },
    );
  }
  // Someone else's, revoked, deleted and forged sessions with the account's right password:
  // another account's session answers for that account only (its password is not this one).
  const strangers = [
    accounts.otherSession,
    accounts.revokedSession,
    accounts.deletedAccountSession,
    ...forgedSessionCookies(accounts),
  ];
  for (const cookie of strangers) {
    out.push(
      {
        ...body(
          'POST /api/account/password',
          'POST',
          '/api/account/password',
          { currentPassword: password, newPassword: 'a brand new password' },
          cookie,
        ),
        kind: 'credentials',
        expect: 'reject',
      },
      {
        ...body('DELETE /api/account', 'DELETE', '/api/account', { password }, cookie),
        kind: 'credentials',
        expect: 'reject',
      },
    );
    for (const [route, method, path] of [
      ['GET /api/account', 'GET', '/api/account'],
      ['GET /api/ratings', 'GET', '/api/ratings'],
      ['GET /api/watchlist', 'GET', '/api/watchlist'],
    ] as const) {
      out.push({
        route,
        method,
        path,
        headers: { cookie },
        kind: 'credentials',
        expect: 'no-write',
      });
    }
    // Signing out a session that is not live ends nothing.
    if (cookie !== accounts.otherSession) {
      out.push({
        route: 'POST /api/account/signout',
        method: 'POST',
        path: '/api/account/signout',
        headers: { cookie },
        kind: 'credentials',
        expect: 'no-write',
      });
    }
    // Writes with a stranger's session and a bad body: refused before anything is written.
    out.push({
      ...body('PUT /api/ratings/:movieId', 'PUT', '/api/ratings/1', { rating: 4.25 }, cookie),
      kind: 'credentials',
      expect: 'reject',
    });
  }
  // Sign-out ignores its body, but one that does not parse stops it (the session stays).
  for (const text of MALFORMED_BODIES.filter((b) => !parsesAsObjectOrArray(b))) {
    out.push({
      route: 'POST /api/account/signout',
      method: 'POST',
      path: '/api/account/signout',
      headers: { ...JSON_HEADERS, cookie: accounts.session },
      body: Buffer.from(text),
      kind: 'malformed',
      expect: 'reject',
    });
  }
  return out;
}

/**
 * Every bad request of the run. `adminToken` is the gateway's real token; `userCookie` is the
 * identity of a user who already has ratings: the public API's bad requests are sent both as
 * a new visitor and as that user, whose rows must come out unchanged.
 */
export function buildCatalogue(
  adminToken: string,
  userCookie: string,
  accounts: ProofAccounts,
): BadRequest[] {
  const auth = { authorization: `Bearer ${adminToken}` };
  const out: BadRequest[] = [];

  // Public API: bodies, queries, path parameters.
  const publicApi: BadRequest[] = [];
  publicApi.push(
    ...badBodies({
      route: 'PUT /api/ratings/:movieId',
      method: 'PUT',
      path: '/api/ratings/1',
      field: 'rating',
      valid: 4,
      accepts: (v) => typeof v === 'number' && v >= 0.5 && v <= 5 && Number.isInteger(v * 2),
    }),
    ...badBodies({
      route: 'POST /api/skips',
      method: 'POST',
      path: '/api/skips',
      field: 'movieId',
      valid: 1,
      accepts: (v) => isInt(v, 1, 2_147_483_647),
    }),
    ...badQueries('GET /api/movies/sample', '/api/movies/sample'),
    ...badQueries('GET /api/recommendations', '/api/recommendations'),
    ...badPathParams('PUT /api/ratings/:movieId', 'PUT', (v) => `/api/ratings/${v}`, {
      headers: JSON_HEADERS,
      body: json({ rating: 4 }),
    }),
    ...badPathParams('DELETE /api/ratings/:movieId', 'DELETE', (v) => `/api/ratings/${v}`),
    ...badSearches(),
    ...badMovieListRequests(),
    ...badMoviePageRequests(),
    ...badFilters(),
    ...badImports(),
  );
  out.push(
    ...publicApi,
    ...publicApi.map((r) => ({ ...r, headers: { ...r.headers, cookie: userCookie } })),
    // ... and as the signed-in account.
    ...publicApi.map((r) => ({ ...r, headers: { ...r.headers, cookie: accounts.session } })),
    ...badAccountRequests(accounts),
  );

  // Admin API with the right token but bad input, then every route with bad credentials.
  out.push(
    ...badBodies({
      route: 'POST /api/admin/models/train',
      method: 'POST',
      path: '/api/admin/models/train',
      field: 'epochs',
      valid: 1,
      accepts: (v) => isInt(v, 1, MAX_TRAIN_EPOCHS),
      headers: auth,
    }).filter((r) => r.body === undefined || !r.body.equals(json({}))),
    // Well-formed ids are not here: they are a plain 404 (no such job).
    ...badPathParams('GET /api/admin/train/:jobId', 'GET', (v) => `/api/admin/train/${v}`, {
      headers: auth,
    }),
    ...badPathParams(
      'POST /api/admin/models/:version/activate',
      'POST',
      (v) => `/api/admin/models/${v}/activate`,
      { headers: auth },
    ),
  );
  const adminRoutes: [RouteKey, string, string][] = [
    ['POST /api/admin/session', 'POST', '/api/admin/session'],
    ['POST /api/admin/models/train', 'POST', '/api/admin/models/train'],
    ['GET /api/admin/train/:jobId', 'GET', '/api/admin/train/1'],
    ['GET /api/admin/train/events', 'GET', '/api/admin/train/events'],
    ['POST /api/admin/models/:version/activate', 'POST', '/api/admin/models/1/activate'],
  ];
  for (const [route, method, path] of adminRoutes) {
    for (const headers of badCredentials(adminToken)) {
      out.push({ route, method, path, headers, kind: 'credentials', expect: 'reject' });
    }
  }

  // Routes without input: hostile cookies, queries and headers must not cause a write or a 5xx.
  const inputless: [RouteKey, string, string][] = [
    ['GET /health/live', 'GET', '/health/live'],
    ['GET /health/ready', 'GET', '/health/ready'],
    ['GET /api/models', 'GET', '/api/models'],
    ['GET /api/models/training', 'GET', '/api/models/training'],
    ['GET /api/ratings', 'GET', '/api/ratings'],
    ['GET /api/not-interested', 'GET', '/api/not-interested'],
    ['GET /api/watchlist', 'GET', '/api/watchlist'],
    ['GET /api/exports/ratings.csv', 'GET', '/api/exports/ratings.csv'],
    ['GET /api/exports/ratings.json', 'GET', '/api/exports/ratings.json'],
    ['DELETE /api/admin/session', 'DELETE', '/api/admin/session'],
    // With a forged cookie it resets a brand-new, empty identity: nothing to delete.
    ['POST /api/profile/reset', 'POST', '/api/profile/reset'],
    ['GET /api/account', 'GET', '/api/account'],
  ];
  for (const [route, method, path] of inputless) {
    for (const cookie of FORGED_COOKIES) {
      out.push({ route, method, path, headers: { cookie }, kind: 'injection', expect: 'no-write' });
    }
    for (const value of INJECTIONS.slice(0, 8)) {
      out.push({
        route,
        method,
        path: `${path}?q=${encodeURIComponent(value)}`,
        headers: {},
        kind: 'injection',
        expect: 'no-write',
      });
    }
  }
  // The reset ignores its body: only bodies that fail to parse must stop it.
  for (const body of MALFORMED_BODIES.filter((b) => !parsesAsObjectOrArray(b))) {
    out.push({
      route: 'POST /api/profile/reset',
      method: 'POST',
      path: '/api/profile/reset',
      headers: { ...JSON_HEADERS, cookie: userCookie },
      body: Buffer.from(body),
      kind: 'malformed',
      expect: 'reject',
    });
  }
  // Writes with a forged identity and a bad body: refused, and the forged id is never used.
  for (const cookie of FORGED_COOKIES) {
    out.push({
      route: 'PUT /api/ratings/:movieId',
      method: 'PUT',
      path: '/api/ratings/1',
      headers: { ...JSON_HEADERS, cookie },
      body: json({ rating: 4.25 }),
      kind: 'injection',
      expect: 'reject',
    });
  }

  // The movie lists with a forged identity and an unknown movie: refused, nothing created.
  for (const cookie of FORGED_COOKIES) {
    for (const list of ['not-interested', 'watchlist']) {
      out.push({
        route: `PUT /api/${list}/:movieId` as RouteKey,
        method: 'PUT',
        path: `/api/${list}/${UNKNOWN_MOVIE}`,
        headers: { cookie },
        kind: 'injection',
        expect: 'reject',
      });
    }
  }

  // Wrong methods and paths next to real routes.
  const unrouted: [string, string][] = [
    ['PATCH', '/api/ratings/1'],
    ['POST', '/api/ratings'],
    ['PUT', '/api/skips'],
    ['DELETE', '/api/movies/sample'],
    ['PUT', '/api/movies/1'],
    ['GET', '/api/movies/1/for-you'],
    ['POST', '/api/recommendations'],
    ['POST', '/api/watchlist'],
    ['PATCH', '/api/watchlist/1'],
    ['POST', '/api/not-interested/1'],
    ['GET', '/api/not-interested/1'],
    ['GET', '/api/ratings/1/2'],
    ['GET', '/api/..%2f..%2fetc%2fpasswd'],
    ['GET', '/api/%00'],
    ['GET', `/api/${'a'.repeat(4000)}`],
    ['GET', '/api/admin/models'],
    ['PUT', '/api/admin/models/1/activate'],
    ['GET', '/api/admin/models/train'],
    ['GET', '/api/imports'],
    ['PUT', '/api/imports/preview'],
    ['POST', '/api/exports/ratings.csv'],
    ['GET', '/api/account/signin'],
    ['PUT', '/api/account'],
    ['DELETE', '/api/account/signout'],
  ];
  for (const [method, path] of unrouted) {
    out.push({ route: 'unrouted', method, path, headers: {}, kind: 'malformed', expect: 'reject' });
  }
  return out;
}
