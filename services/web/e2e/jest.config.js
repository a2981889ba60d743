// Browser tests: Chromium (playwright-core) against a real process group that global-setup.ts starts
// (Postgres database, trainer, a recommender, gateway, built web) on synthetic MovieLens data.
// Run with `npm run test:browser` (builds the web first); part of `npm test`.
const path = require('node:path');
const preset = require('../../../jest.preset.js')(path.join(__dirname, '..'));

module.exports = {
  displayName: 'browser',
  rootDir: __dirname,
  roots: ['<rootDir>'],
  testMatch: ['**/*.e2e.ts'],
  testEnvironment: 'node',
  // A flow waits for real training and real recommendations on a busy 2-core machine.
  testTimeout: 240_000,
  slowTestThreshold: 60,
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.json') }],
  },
  moduleNameMapper: preset.moduleNameMapper,
};
