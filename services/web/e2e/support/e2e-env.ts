/**
 * Where the browser tests' process group runs. The defaults are the ports and names set aside for
 * it (gateway 4200, web 3200, trainer 4202, recommenders 4211+); each can be moved with an E2E_*
 * variable when something else holds them.
 */
import path from 'node:path';
import type { SyntheticMovieLensOptions } from '@marquee/movielens';

const env = process.env;
const int = (name: string, fallback: number) => Number(env[name] ?? fallback);

export const E2E = {
  gatewayPort: int('E2E_GATEWAY_PORT', 4200),
  webPort: int('E2E_WEB_PORT', 3200),
  trainerPort: int('E2E_TRAINER_PORT', 4202),
  recommenderBasePort: int('E2E_RECOMMENDER_BASE_PORT', 4210),
  databaseUrl: env.E2E_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/marquee_web_e2e',
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  bullPrefix: env.E2E_BULL_PREFIX ?? 'web-e2e',
  adminToken: 'e2e-admin-token-0123456789abcdef',
  chromiumPath: env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  screenshotsDir:
    env.SCREENSHOTS_DIR ??
    path.resolve(__dirname, '..', '..', '..', '..', 'artifacts', 'screenshots'),
  /** Small, so the first model and a retrain take seconds; seeded, so titles are known. */
  data: {
    users: 120,
    movies: 300,
    ratingsPerUser: 30,
    seed: 5,
  } satisfies SyntheticMovieLensOptions,
  /** The trainer's epochs for the first model; the admin flow asks for its own. */
  initialEpochs: 5,
} as const;

export const webUrl = `http://127.0.0.1:${E2E.webPort}`;
export const gatewayUrl = `http://127.0.0.1:${E2E.gatewayPort}`;
