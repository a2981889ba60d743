import SwaggerParser from '@apidevtools/swagger-parser';
import type { INestApplication } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ParameterObject,
  PathItemObject,
  RequestBodyObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { METHODS as HTTP_METHODS } from 'node:http';
import request from 'supertest';
import { startTestGateway, type TestGateway } from '../testing/gateway-test-kit';
import { buildApiDocument } from './api-docs';
import { API_DOCS_JSON_PATH, API_DOCS_PATH, isApiDocsUiPath } from './api-docs.paths';

let gw: TestGateway;
let doc: OpenAPIObject;

beforeAll(async () => {
  gw = await startTestGateway('openapi', { ADMIN_TOKEN: 'docs-admin-token-0123456789' });
  const res = await request(gw.server).get(API_DOCS_JSON_PATH);
  // A 500 says nothing: building the document here throws its reason (e.g. no @ApiResult).
  if (res.status !== 200) buildApiDocument(gw.app);
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  doc = res.body as OpenAPIObject;
});

afterAll(async () => {
  await gw.close();
});

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

/**
 * "GET /api/ratings/:movieId" for every route handler Express has for the app, the docs' own
 * excepted. Routes for every method at once are Nest's middleware (forRoutes), not handlers.
 */
function registeredRoutes(app: INestApplication): string[] {
  interface Layer {
    route?: { path: string; methods: Record<string, boolean> };
  }
  const express = app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } };
  return express.router.stack
    .flatMap(({ route }) => {
      if (route === undefined) return [];
      const methods = Object.keys(route.methods).filter((m) => m !== '_all');
      if (methods.length >= HTTP_METHODS.length) return [];
      // A controller's root route is there with and without its trailing slash.
      const path = route.path.length > 1 ? route.path.replace(/\/$/, '') : route.path;
      return methods.map((m) => `${m.toUpperCase()} ${path}`);
    })
    .filter((route) => {
      const path = route.split(' ')[1]!;
      return !isApiDocsUiPath(path) && path !== API_DOCS_JSON_PATH;
    });
}

function documentedOperations(): { route: string; op: OperationObject }[] {
  return Object.entries(doc.paths).flatMap(([path, item]: [string, PathItemObject]) =>
    METHODS.filter((m) => item[m] !== undefined).map((m) => ({
      route: `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
      op: item[m]!,
    })),
  );
}

function operation(method: (typeof METHODS)[number], path: string): OperationObject {
  const op = doc.paths[path]?.[method];
  if (op === undefined) throw new Error(`${method.toUpperCase()} ${path} is not in the document`);
  return op;
}

function resolve<T>(value: T | { $ref: string }): T {
  if (typeof value === 'object' && value !== null && '$ref' in value) {
    const name = value.$ref.replace('#/components/schemas/', '');
    return doc.components!.schemas![name] as T;
  }
  return value;
}

describe('GET /api/docs-json', () => {
  it('is a valid OpenAPI 3 document', async () => {
    expect(doc.openapi).toMatch(/^3\./);
    // validate() dereferences in place: give it a copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
  });

  it('lists every route the app registers, and no other', () => {
    const registered = registeredRoutes(gw.app);
    const documented = documentedOperations().map((o) => o.route);
    expect(registered.length).toBeGreaterThanOrEqual(17);
    expect([...documented].sort()).toEqual([...new Set(registered)].sort());
  });

  it('gives every operation a summary, a success answer and ApiError error answers', () => {
    for (const { route, op } of documentedOperations()) {
      expect({ route, summary: op.summary }).toEqual({ route, summary: expect.any(String) });
      const statuses = Object.keys(op.responses);
      const success = statuses.filter((s) => s.startsWith('2'));
      expect({ route, success: success.length }).toEqual({ route, success: 1 });
      const answer = op.responses[success[0]!] as ResponseObject;
      if (success[0] !== '204') {
        expect({ route, schema: Object.values(answer.content ?? {})[0]?.schema }).toEqual({
          route,
          schema: expect.anything(),
        });
      }
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        const error = op.responses[status] as ResponseObject;
        expect(error.content?.['application/json']?.schema).toEqual({
          $ref: '#/components/schemas/ApiError',
        });
      }
      if (route.includes(' /api/')) expect(statuses).toContain('429');
    }
  });

  it("describes the rating body with the rating's rules", () => {
    const rate = operation('put', '/api/ratings/{movieId}');
    const body = rate.requestBody as RequestBodyObject;
    expect(body.required).toBe(true);
    const schema = body.content['application/json']!.schema as SchemaObject;
    expect(schema.required).toEqual(['rating']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties?.rating).toMatchObject({
      type: 'number',
      minimum: 0.5,
      maximum: 5,
      multipleOf: 0.5,
    });
    const movieId = (rate.parameters as ParameterObject[]).find((p) => p.name === 'movieId');
    expect(movieId).toMatchObject({ in: 'path', required: true, schema: { type: 'integer' } });
    expect(Object.keys(rate.responses).sort()).toEqual(['200', '400', '404', '413', '429', '503']);
  });

  it('describes the import body and answers, and the CSV export', () => {
    for (const path of ['/api/imports/preview', '/api/imports']) {
      const op = operation('post', path);
      const body = op.requestBody as RequestBodyObject;
      const schema = body.content['application/json']!.schema as SchemaObject;
      expect(schema.required).toEqual(['content']);
      expect(schema.properties?.format).toMatchObject({
        enum: ['auto', 'imdb', 'letterboxd', 'marquee-csv', 'marquee-json'],
        default: 'auto',
      });
      // Only the confirmation writes: a film gone from the catalogue meanwhile is its 404.
      const codes =
        path === '/api/imports'
          ? ['200', '400', '404', '413', '429', '503']
          : ['200', '400', '413', '429', '503'];
      expect(Object.keys(op.responses).sort()).toEqual(codes);
      const errors = (op.responses['413'] as ResponseObject).description;
      expect(errors).toContain('`TOO_MANY_ROWS`');
      expect((op.responses['400'] as ResponseObject).description).toContain('`MALFORMED_FILE`');
    }
    const gone = operation('post', '/api/imports').responses['404'] as ResponseObject;
    expect(gone.description).toContain('`MOVIE_NOT_FOUND`');
    const ok = operation('post', '/api/imports/preview').responses['200'] as ResponseObject;
    expect(ok.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/ImportPreviewResponse',
    });
    const csv = operation('get', '/api/exports/ratings.csv').responses['200'] as ResponseObject;
    expect(Object.keys(csv.content ?? {})).toEqual(['text/csv']);
    const json = operation('get', '/api/exports/ratings.json').responses['200'] as ResponseObject;
    expect(json.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/RatingsExport',
    });
  });

  it('describes the account routes: their bodies, rules and answers', () => {
    const signup = operation('post', '/api/account/signup');
    const body = (signup.requestBody as RequestBodyObject).content['application/json']!
      .schema as SchemaObject;
    expect(body.required).toEqual(['username', 'password']);
    expect(body.additionalProperties).toBe(false);
    expect(body.properties?.username).toMatchObject({
      type: 'string',
      minLength: 3,
      maxLength: 32,
    });
    expect(body.properties?.password).toMatchObject({ minLength: 10, maxLength: 128 });
    expect(Object.keys(signup.responses).sort()).toEqual([
      '201',
      '400',
      '409',
      '413',
      '429',
      '503',
    ]);
    const signin = operation('post', '/api/account/signin');
    expect(Object.keys(signin.responses).sort()).toEqual([
      '200',
      '400',
      '401',
      '413',
      '429',
      '503',
    ]);
    expect((signin.responses['401'] as ResponseObject).description).toContain(
      '`INVALID_CREDENTIALS`',
    );
    expect((signin.responses['429'] as ResponseObject).headers).toHaveProperty('Retry-After');
    expect(
      (signin.responses['200'] as ResponseObject).content?.['application/json']?.schema,
    ).toEqual({ $ref: '#/components/schemas/SigninResponse' });
    const remove = operation('delete', '/api/account');
    expect(Object.keys(remove.responses).sort()).toEqual([
      '204',
      '400',
      '401',
      '403',
      '413',
      '429',
      '503',
    ]);
    const password = operation('post', '/api/account/password').requestBody as RequestBodyObject;
    expect((password.content['application/json']!.schema as SchemaObject).required).toEqual([
      'currentPassword',
      'newPassword',
    ]);
    expect(operation('get', '/api/account').responses['200']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/AccountResponse' } } },
    });
  });

  it('describes query parameters with their bounds and defaults, optional when defaulted', () => {
    const params = operation('get', '/api/movies/search').parameters as ParameterObject[];
    expect(params.map((p) => [p.name, p.in, p.required])).toEqual([
      ['q', 'query', true],
      ['limit', 'query', false],
    ]);
    expect(params[1]!.schema).toMatchObject({
      type: 'integer',
      minimum: 1,
      maximum: 50,
      default: 20,
    });
    const sample = operation('get', '/api/movies/sample').parameters as ParameterObject[];
    expect(sample).toEqual([
      expect.objectContaining({ name: 'count', in: 'query', required: false }),
    ]);
  });

  it('documents answers with the response schemas', () => {
    const ok = operation('get', '/api/recommendations').responses['200'] as ResponseObject;
    expect(ok.content?.['application/json']?.schema).toEqual({
      $ref: '#/components/schemas/RecommendationsResponse',
    });
    const answer = resolve<SchemaObject>({ $ref: '#/components/schemas/RecommendationsResponse' });
    expect(answer.required).toEqual(['modelVersion', 'replica', 'source', 'items']);
    expect(Object.keys(operation('get', '/api/recommendations').responses).sort()).toEqual([
      '200',
      '400',
      '429',
      '502',
      '503',
      '504',
    ]);
    const events = operation('get', '/api/admin/train/events').responses['200'] as ResponseObject;
    expect(Object.keys(events.content ?? {})).toEqual(['text/event-stream']);
    expect(operation('delete', '/api/ratings/{movieId}').responses['204']).toBeDefined();
  });

  it("marks the admin routes with the bearer token (and the stream's session cookie)", () => {
    expect(doc.components?.securitySchemes).toMatchObject({
      adminToken: { type: 'http', scheme: 'bearer' },
      adminSession: { type: 'apiKey', in: 'cookie', name: 'marquee_admin' },
    });
    for (const { route, op } of documentedOperations()) {
      const admin = route.includes(' /api/admin/') && route !== 'DELETE /api/admin/session';
      if (!admin) {
        expect({ route, security: op.security }).toEqual({ route, security: undefined });
        continue;
      }
      const expected =
        route === 'GET /api/admin/train/events'
          ? [{ adminToken: [] }, { adminSession: [] }]
          : [{ adminToken: [] }];
      expect({ route, security: op.security }).toEqual({ route, security: expected });
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '503']));
    }
  });
});

describe('GET /api/docs', () => {
  it('serves Swagger UI, its assets from the gateway itself, with a policy that lets it run', async () => {
    const res = await request(gw.server).get(API_DOCS_PATH).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<div id="swagger-ui"></div>');
    // No CDN: every script and stylesheet is a relative URL.
    const urls = [...res.text.matchAll(/(?:src|href)=["']([^"']+)["']/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(url).not.toMatch(/^(https?:)?\/\//);
    const csp = res.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");

    for (const asset of ['swagger-ui-bundle.js', 'swagger-ui-init.js', 'swagger-ui.css']) {
      const file = await request(gw.server).get(`${API_DOCS_PATH}/${asset}`).expect(200);
      expect(file.headers['content-type']).toMatch(asset.endsWith('.js') ? /javascript/ : /css/);
    }
  });

  it('leaves the API its strict policy', async () => {
    const res = await request(gw.server).get(API_DOCS_JSON_PATH);
    // A 500 says nothing: building the document here throws its reason (e.g. no @ApiResult).
    if (res.status !== 200) buildApiDocument(gw.app);
    expect(res.status).toBe(200);
    expect(res.headers['content-security-policy']).toBe(
      "default-src 'none';frame-ancestors 'none'",
    );
  });
});
