// Shared Jest settings for every Node workspace: tests run from TypeScript sources, and
// workspace packages resolve to their src/ so no build is needed before `jest`.
const path = require('node:path');

/** @param {string} dir the workspace's directory */
module.exports = function jestProject(dir) {
  const name = path.relative(__dirname, dir);
  return {
    displayName: name,
    // Integration tests train small models and talk to Postgres and Redis; on a loaded 2-core
    // machine Jest's 5 s default is too tight for them.
    testTimeout: 30_000,
    rootDir: dir,
    testEnvironment: 'node',
    roots: ['<rootDir>/src'],
    testMatch: ['**/*.spec.ts'],
    transform: {
      '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(dir, 'tsconfig.json') }],
    },
    moduleNameMapper: {
      '^@marquee/(db|nest-common|ncf)/testing$': path.join(__dirname, 'packages/$1/src/testing'),
      // @marquee/ncf's files that import nothing (the rating scale, the seeded generator), which
      // @marquee/contracts re-exports.
      '^@marquee/ncf/(ratings|random)$': path.join(__dirname, 'packages/ncf/src/format/$1'),
      '^@marquee/(contracts|movielens|ncf|ncf-lab|db|nest-common)$': path.join(
        __dirname,
        'packages/$1/src',
      ),
      // The services, for the scripts' checks of their routes, health checks and configuration.
      '^@marquee/(gateway|recommender|trainer)$': path.join(__dirname, 'services/$1/src'),
    },
  };
};
