/**
 * The lifecycle proofs' process group: their own ports, database and BullMQ prefix (so they can run
 * beside the demo), real MovieLens when MOVIELENS_DIR is set, else synthetic data.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ROOT,
  ProcessGroup,
  type ProcessGroupData,
  type ProcessGroupOptions,
} from '../../lib/process-group';

export const ADMIN_TOKEN = 'proof-admin-token-0123456789';

export interface ProofGroupOptions {
  label: string;
  replicas: number;
  databaseUrl?: string;
  redisUrl?: string;
  /** Epochs of every training, the first one included (small: the proofs retrain often). */
  epochs: number;
  /** Extra environment per service kind. */
  serviceEnv?: ProcessGroupOptions['serviceEnv'];
  freshDatabase?: boolean;
  data?: ProcessGroupData;
}

export function proofData(): ProcessGroupData {
  const dir = process.env.MOVIELENS_DIR;
  return dir ? { dir } : { synthetic: { users: 300, movies: 1500, ratingsPerUser: 60, seed: 4 } };
}

export function dataLabel(): string {
  return process.env.MOVIELENS_DIR
    ? `MovieLens from ${process.env.MOVIELENS_DIR}`
    : 'synthetic data (300 users, 1,500 films, ~18,000 ratings)';
}

export async function startProofGroup(options: ProofGroupOptions): Promise<ProcessGroup> {
  return ProcessGroup.start({
    label: options.label,
    databaseUrl: options.databaseUrl ?? 'postgresql://postgres@127.0.0.1:5432/marquee_proof',
    redisUrl: options.redisUrl ?? 'redis://127.0.0.1:6379',
    bullPrefix: 'proof',
    gatewayPort: 4100,
    trainerPort: 4102,
    recommenderBasePort: 4110,
    replicas: options.replicas,
    data: options.data ?? proofData(),
    freshDatabase: options.freshDatabase ?? true,
    env: { LOG_FORMAT: 'json', LOG_LEVEL: 'info' },
    serviceEnv: {
      ...options.serviceEnv,
      trainer: { TRAIN_MAX_EPOCHS: String(options.epochs), ...options.serviceEnv?.trainer },
      gateway: {
        ADMIN_TOKEN,
        RATE_LIMIT_MAX: '0',
        COOKIE_SECRET: 'proof-cookie-secret-0123456789',
        ...options.serviceEnv?.gateway,
      },
      recommender: { MODEL_POLL_INTERVAL_MS: '5000', ...options.serviceEnv?.recommender },
    },
    onUnexpectedExit: (name, code, signal) =>
      process.stderr.write(`!! ${name} exited unexpectedly (${code ?? signal})\n`),
  });
}

/** Asks for a retrain through the admin API; resolves with the train job's id. */
export async function startRetrain(group: ProcessGroup, epochs: number): Promise<string> {
  const response = await fetch(`${group.gatewayUrl}/api/admin/models/train`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ epochs }),
  });
  if (response.status !== 202) {
    throw new Error(
      `POST /api/admin/models/train: HTTP ${response.status} ${await response.text()}`,
    );
  }
  return ((await response.json()) as { jobId: string }).jobId;
}

/** Writes the proof's JSON results beside the other benchmark outputs; returns the path. */
export function writeResults(name: string, results: unknown): string {
  const file = path.join(ROOT, 'docs', `lifecycle-${name}.json`);
  writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}

export function printTable(rows: Record<string, string | number>[]): void {
  if (rows.length === 0) return;
  const keys = Object.keys(rows[0]!);
  const width = keys.map((k) => Math.max(k.length, ...rows.map((r) => String(r[k]).length)));
  const line = (cells: string[]) =>
    '| ' + cells.map((c, i) => c.padEnd(width[i]!)).join(' | ') + ' |';
  console.log(line(keys));
  console.log('|' + width.map((w) => '-'.repeat(w + 2)).join('|') + '|');
  for (const row of rows) console.log(line(keys.map((k) => String(row[k]))));
}
