import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/marquee';

// Migrations run through Prisma's WebAssembly schema engine and the pg driver adapter, so no
// engine binary is downloaded (see docs/decisions or README: works offline and online alike).
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  adapter: async () =>
    new PrismaPg({ connectionString: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL }),
});
