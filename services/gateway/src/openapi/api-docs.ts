import { type INestApplication, RequestMethod, type Type } from '@nestjs/common';
import {
  GUARDS_METADATA,
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import { ModulesContainer } from '@nestjs/core';
import {
  ApiBearerAuth,
  ApiBody,
  ApiCookieAuth,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiResponse,
  ApiTags,
  DocumentBuilder,
  type OpenAPIObject,
  SwaggerModule,
} from '@nestjs/swagger';
import {
  ADMIN_SESSION_COOKIE,
  SESSION_COOKIE,
  accountResponse,
  adminTrainResponse,
  apiError,
  importPreviewResponse,
  importResponse,
  modelVersionSummary,
  modelsResponse,
  movie,
  movieSampleResponse,
  movieSearchResponse,
  notInterestedItem,
  notInterestedResponse,
  profileResetResponse,
  ratedMovie,
  ratingResponse,
  ratingsExport,
  ratingsListResponse,
  recommendation,
  signinResponse,
  recommendationsResponse,
  skipResponse,
  trainEvent,
  trainStatusResponse,
  trainingProgressResponse,
  watchlistItem,
  watchlistResponse,
} from '@marquee/contracts';
import { STATUS_CODES } from 'node:http';
import { AdminStreamGuard } from '../admin/admin-stream.guard';
import { AdminTokenGuard } from '../admin/admin-token.guard';
import { ERROR_STATUS, type ErrorCode, RETRY_AFTER_SECONDS } from '../errors/domain-error';
import { ZodValidationPipe } from '../errors/zod-validation.pipe';
import { readyResponse } from '../health/health.service';
import { DefaultBodyPipe } from '../http/default-body.pipe';
import { IDENTITY_COOKIE } from '../identity/identity.middleware';
import { API_RAISES, API_RESULT, type ApiResultMeta } from './api-doc.decorators';
import { API_DOCS_JSON_PATH, API_DOCS_PATH } from './api-docs.paths';
import { SchemaComponents, openApiSchema, ref } from './zod-openapi';

/** What each error code means, in the document's error responses. */
const ERROR_DOCS: Record<ErrorCode, string> = {
  VALIDATION: 'a parameter or body field is invalid (`details`: one line per bad field)',
  UNAUTHORIZED: 'no admin token, or a wrong one',
  INVALID_CREDENTIALS:
    'the username or the password is wrong (the same answer whether the username exists or not)',
  NOT_SIGNED_IN: 'the browser is not signed in to an account',
  WRONG_PASSWORD: "the account's current password is wrong",
  USERNAME_TAKEN: 'another account has this username',
  ALREADY_SIGNED_IN: 'the browser is signed in to an account already: sign out first',
  MALFORMED_BODY: 'the body is not valid JSON',
  UNSUPPORTED_CONTENT_TYPE: 'the body is not UTF-8 JSON sent as application/json',
  PAYLOAD_TOO_LARGE: 'the body is larger than BODY_LIMIT_BYTES (an import: than 2 MiB)',
  MALFORMED_FILE:
    'the imported file is not one of the known formats, or a line of it is malformed (the message names the line)',
  TOO_MANY_ROWS: 'the imported file has more rows than an import takes (10,000)',
  RATE_LIMITED:
    'too many requests from this client (RATE_LIMIT_MAX per window), or too many sign-in attempts for the account or from the client (SIGNIN_LIMIT_*); see Retry-After',
  HEADERS_TOO_LARGE: 'the request line and headers are too large',
  MOVIE_NOT_FOUND: 'no film has this id',
  RATING_NOT_FOUND: 'this user has not rated the film',
  NOT_INTERESTED_NOT_FOUND: 'this user has not marked the film "not interested"',
  WATCHLIST_ENTRY_NOT_FOUND: "the film is not on this user's watchlist",
  ROUTE_NOT_FOUND: 'no such route',
  MODEL_NOT_FOUND: 'no model version has this number',
  TRAIN_JOB_NOT_FOUND: 'no train job has this id',
  MODEL_NOT_READY: 'the version is not READY (still training, or failed)',
  TRAIN_IN_PROGRESS: 'a train job is already waiting or running (`jobId`: that job)',
  ADMIN_DISABLED: 'the admin API is off: ADMIN_TOKEN is not set',
  NO_MODEL: 'no model is ready yet (the first one is still training)',
  NOT_READY: 'Postgres or Redis did not answer (`details` says which)',
  QUEUE_UNAVAILABLE: 'the job queue (Redis) is unavailable; see Retry-After',
  DATABASE_UNAVAILABLE: 'Postgres is unavailable or did not answer in time; see Retry-After',
  SIGNIN_UNAVAILABLE:
    'Redis, which counts sign-in attempts, is unavailable: no password is checked; see Retry-After',
  RECOMMEND_TIMEOUT: 'no recommender answered in time, and there was no list to fall back on',
  RECOMMENDER_FAILED: 'the recommender failed to answer',
};

/** The named schemas of the answers (components.schemas); the rest are inlined. */
const COMPONENTS = new SchemaComponents({
  ApiError: apiError,
  Movie: movie,
  MovieSampleResponse: movieSampleResponse,
  MovieSearchResponse: movieSearchResponse,
  RatingResponse: ratingResponse,
  RatedMovie: ratedMovie,
  RatingsListResponse: ratingsListResponse,
  SkipResponse: skipResponse,
  WatchlistItem: watchlistItem,
  WatchlistResponse: watchlistResponse,
  NotInterestedItem: notInterestedItem,
  NotInterestedResponse: notInterestedResponse,
  Recommendation: recommendation,
  RecommendationsResponse: recommendationsResponse,
  ProfileResetResponse: profileResetResponse,
  AccountResponse: accountResponse,
  SigninResponse: signinResponse,
  ModelVersionSummary: modelVersionSummary,
  ModelsResponse: modelsResponse,
  TrainingProgressResponse: trainingProgressResponse,
  AdminTrainResponse: adminTrainResponse,
  TrainStatusResponse: trainStatusResponse,
  TrainEvent: trainEvent,
  ReadyResponse: readyResponse,
  ImportPreviewResponse: importPreviewResponse,
  ImportResponse: importResponse,
  RatingsExport: ratingsExport,
});

const ADMIN_TOKEN = 'adminToken';
const ADMIN_SESSION = 'adminSession';

interface RouteArg {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

type Decorator = (target: object, key: string | symbol, descriptor: PropertyDescriptor) => void;

/** Routes already described: the metadata lives on the classes, shared by every app. */
const described = new WeakSet<object>();

function zodSchemaOf(arg: RouteArg) {
  return arg.pipes?.find((p): p is ZodValidationPipe<never> => p instanceof ZodValidationPipe)
    ?.schema;
}

function guardsOf(controller: Type, handler: object): unknown[] {
  return [
    ...((Reflect.getMetadata(GUARDS_METADATA, controller) as unknown[] | undefined) ?? []),
    ...((Reflect.getMetadata(GUARDS_METADATA, handler) as unknown[] | undefined) ?? []),
  ];
}

/**
 * The swagger decorators of one route, read from what Nest itself runs: its ZodValidationPipes
 * (parameters, query and body, from the very schemas that validate them), its guards (admin
 * auth), its @HttpCode, and its @ApiResult / @Raises.
 */
function decoratorsOf(controller: Type, name: string, handler: object): Decorator[] {
  const controllerPath = String(Reflect.getMetadata(PATH_METADATA, controller) ?? '');
  const meta = Reflect.getMetadata(API_RESULT, handler) as ApiResultMeta | undefined;
  if (meta === undefined) {
    throw new Error(`${controller.name}.${name} has no @ApiResult: document it`);
  }
  const decorators: Decorator[] = [
    ApiTags(controllerPath.split('/')[0] || 'root'),
    ApiOperation({ summary: meta.summary }),
  ];
  const errors = new Set<ErrorCode>(
    (Reflect.getMetadata(API_RAISES, handler) as ErrorCode[] | undefined) ?? [],
  );

  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
    string,
    RouteArg
  >;
  for (const [key, arg] of Object.entries(args)) {
    const type = Number(key.split(':')[0]);
    const schema = zodSchemaOf(arg);
    if (type === RouteParamtypes.BODY) {
      errors.add('MALFORMED_BODY').add('UNSUPPORTED_CONTENT_TYPE').add('PAYLOAD_TOO_LARGE');
    }
    if (schema === undefined) continue;
    errors.add('VALIDATION');
    if (type === RouteParamtypes.BODY) {
      const input = openApiSchema(schema, 'input');
      // A DefaultBodyPipe reads a request without a body as its fallback (e.g. {}).
      const optional = arg.pipes?.some((p) => p instanceof DefaultBodyPipe) ?? false;
      decorators.push(ApiBody({ schema: input, required: !optional }));
    } else if (type === RouteParamtypes.PARAM && typeof arg.data === 'string') {
      decorators.push(
        ApiParam({ name: arg.data, required: true, schema: openApiSchema(schema, 'output') }),
      );
    } else if (type === RouteParamtypes.QUERY && arg.data === undefined) {
      const output = openApiSchema(schema, 'output');
      // Fields with a default are optional to send, though always there once read.
      const required = new Set(openApiSchema(schema, 'input').required ?? []);
      for (const [field, fieldSchema] of Object.entries(output.properties ?? {})) {
        decorators.push(
          ApiQuery({ name: field, required: required.has(field), schema: fieldSchema }),
        );
      }
    } else {
      throw new Error(`${controller.name}.${name}: cannot describe argument ${key}`);
    }
  }

  const guards = guardsOf(controller, handler);
  if (guards.includes(AdminTokenGuard) || guards.includes(AdminStreamGuard)) {
    errors.add('UNAUTHORIZED').add('ADMIN_DISABLED');
    decorators.push(ApiBearerAuth(ADMIN_TOKEN));
    if (guards.includes(AdminStreamGuard)) decorators.push(ApiCookieAuth(ADMIN_SESSION));
  }
  if (controllerPath !== 'health') errors.add('RATE_LIMITED');

  const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
  const status =
    (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
    (method === RequestMethod.POST ? 201 : 200);
  decorators.push(
    ApiResponse({
      status,
      description: STATUS_CODES[status] ?? 'Success',
      ...(meta.schema
        ? {
            content: {
              [meta.contentType ?? 'application/json']: {
                schema: COMPONENTS.refOrSchema(meta.schema),
              },
            },
          }
        : {}),
    }),
  );
  for (const [errorStatus, codes] of groupByStatus(errors)) {
    decorators.push(
      ApiResponse({
        status: errorStatus,
        description: codes.map((code) => `\`${code}\`: ${ERROR_DOCS[code]}`).join('  \n'),
        content: { 'application/json': { schema: ref('ApiError') } },
        ...(codes.some((code) => code === 'RATE_LIMITED' || RETRY_AFTER_SECONDS[code])
          ? {
              headers: {
                'Retry-After': {
                  description: 'Seconds to wait before trying again',
                  schema: { type: 'integer' },
                },
              },
            }
          : {}),
      }),
    );
  }
  return decorators;
}

function groupByStatus(codes: Set<ErrorCode>): [number, ErrorCode[]][] {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return [...byStatus].sort(([a], [b]) => a - b);
}

/** Every controller class the app registered. */
function controllersOf(app: INestApplication): Type[] {
  const modules = app.get(ModulesContainer);
  return [...modules.values()].flatMap((module) =>
    [...module.controllers.values()].map((wrapper) => wrapper.metatype as Type),
  );
}

/** Puts the swagger decorators on every route of the app (once per route). */
function describeRoutes(app: INestApplication): void {
  for (const controller of controllersOf(app)) {
    const prototype = controller.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(prototype)) {
      const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
      const handler = descriptor?.value as object | undefined;
      if (
        typeof handler !== 'function' ||
        Reflect.getMetadata(METHOD_METADATA, handler) === undefined ||
        described.has(handler)
      ) {
        continue;
      }
      for (const decorate of decoratorsOf(controller, name, handler)) {
        decorate(prototype, name, descriptor!);
      }
      described.add(handler);
    }
  }
}

/** The OpenAPI document of every route the app registers. */
export function buildApiDocument(app: INestApplication): OpenAPIObject {
  describeRoutes(app);
  const config = new DocumentBuilder()
    .setTitle('Marquee API')
    .setDescription(
      'The gateway: films, ratings, skips and recommendations for an anonymous user (the ' +
        `signed \`${IDENTITY_COOKIE}\` cookie, set on the first request) or a signed-in ` +
        `account (the signed \`${SESSION_COOKIE}\` cookie, from /api/account/signin), the model registry, ` +
        'and the admin API (`Authorization: Bearer <ADMIN_TOKEN>`). Every error answers with ' +
        'the ApiError body.',
    )
    .setVersion('0.1.0')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: undefined, // not a JWT (the builder's default): an opaque secret
        description: 'The ADMIN_TOKEN of the gateway',
      },
      ADMIN_TOKEN,
    )
    .addCookieAuth(
      ADMIN_SESSION_COOKIE,
      {
        type: 'apiKey',
        in: 'cookie',
        description: 'The admin session from POST /api/admin/session (the event stream only)',
      },
      ADMIN_SESSION,
    )
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    // Tagged by the first segment of their path instead (movies, ratings, admin...).
    autoTagControllers: false,
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '')}_${method}`,
  });
  document.components = { ...document.components, schemas: COMPONENTS.schemas() };
  return document;
}

/**
 * Serves Swagger UI at /api/docs (its assets from swagger-ui-dist, no CDN) and the document at
 * /api/docs-json. The document is built on its first request.
 */
export function setupApiDocs(app: INestApplication): void {
  let document: OpenAPIObject | undefined;
  SwaggerModule.setup(API_DOCS_PATH, app, () => (document ??= buildApiDocument(app)), {
    jsonDocumentUrl: API_DOCS_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'Marquee API',
  });
}
