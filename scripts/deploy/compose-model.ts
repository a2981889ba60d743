/**
 * The part of the Compose specification docker-compose.yml uses, as a strict zod schema: a
 * misspelt key (`depend_on`, `healthckeck`) or a wrong shape fails here as `docker compose
 * config` would fail, also where no Docker CLI is installed.
 */
import { z } from 'zod';

const stringList = z.array(z.string());

const healthcheck = z.strictObject({
  test: z.union([z.string(), stringList]),
  interval: z.string().optional(),
  timeout: z.string().optional(),
  retries: z.number().int().positive().optional(),
  start_period: z.string().optional(),
  start_interval: z.string().optional(),
  disable: z.boolean().optional(),
});

const dependsOn = z.union([
  stringList,
  z.record(
    z.string(),
    z.strictObject({
      condition: z.enum(['service_started', 'service_healthy', 'service_completed_successfully']),
      restart: z.boolean().optional(),
      required: z.boolean().optional(),
    }),
  ),
]);

const environment = z.union([
  z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  stringList,
]);

export const composeService = z.strictObject({
  image: z.string().optional(),
  build: z
    .union([
      z.string(),
      z.strictObject({
        context: z.string(),
        dockerfile: z.string().optional(),
        target: z.string().optional(),
        args: z.record(z.string(), z.string()).optional(),
      }),
    ])
    .optional(),
  command: z.union([z.string(), stringList]).optional(),
  entrypoint: z.union([z.string(), stringList]).optional(),
  container_name: z.string().optional(),
  environment: environment.optional(),
  env_file: z.union([z.string(), stringList]).optional(),
  ports: z.array(z.union([z.string(), z.number()])).optional(),
  expose: z.array(z.union([z.string(), z.number()])).optional(),
  volumes: stringList.optional(),
  depends_on: dependsOn.optional(),
  healthcheck: healthcheck.optional(),
  restart: z.enum(['no', 'always', 'on-failure', 'unless-stopped']).optional(),
  init: z.boolean().optional(),
  stop_grace_period: z.string().optional(),
  deploy: z
    .strictObject({
      replicas: z.number().int().nonnegative().optional(),
    })
    .optional(),
  user: z.string().optional(),
});

export const composeFile = z
  .strictObject({
    services: z.record(z.string(), composeService),
    volumes: z.record(z.string(), z.null()).optional(),
  })
  // Extension fields (x-...) hold the anchors; Compose ignores them.
  .catchall(z.unknown())
  .superRefine((file, ctx) => {
    for (const key of Object.keys(file)) {
      if (key === 'name') {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'Compose v1 refuses a top-level name: set COMPOSE_PROJECT_NAME in .env instead',
        });
      } else if (!['services', 'volumes'].includes(key) && !key.startsWith('x-')) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'is not a Compose top-level key' });
      }
    }
  });

export type ComposeFile = z.infer<typeof composeFile>;
export type ComposeService = z.infer<typeof composeService>;

/** A service's environment as a map (Compose allows a map or KEY=VALUE lines). */
export function environmentOf(service: ComposeService): Record<string, string> {
  const env = service.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(
      env.map((line) => {
        const eq = line.indexOf('=');
        return eq < 0 ? [line, ''] : [line.slice(0, eq), line.slice(eq + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(env).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

/** "HOST:CONTAINER" (optionally "IP:HOST:CONTAINER", "/tcp") -> the two port numbers. */
export function parsePortMapping(mapping: string | number): {
  host: number | null;
  container: number;
} {
  const parts = String(mapping)
    .replace(/\/(tcp|udp)$/, '')
    .split(':');
  const container = Number(parts.at(-1));
  const host = parts.length >= 2 ? Number(parts.at(-2)) : null;
  return { host, container };
}
