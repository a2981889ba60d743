/**
 * Runs the Prisma CLI without engine binaries: the client is Rust-free (engineType "client")
 * and migrations use the WebAssembly schema engine through the pg adapter (prisma.config.ts).
 * The CLI still checks that these two paths exist, so both point at this file. This keeps
 * `prisma generate` and `prisma migrate deploy` working offline as well as online.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const here = path.resolve(__filename);
const prismaBin = path.resolve(__dirname, '..', 'node_modules', 'prisma', 'build', 'index.js');
const result = spawnSync(process.execPath, [prismaBin, ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: path.resolve(__dirname, '..'),
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? here,
    PRISMA_QUERY_ENGINE_LIBRARY: process.env.PRISMA_QUERY_ENGINE_LIBRARY ?? here,
    DATABASE_URL: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/marquee',
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
});
process.exit(result.status ?? 1);
