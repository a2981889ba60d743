/** @type {import('jest').Config} */
module.exports = {
  // Per-project testTimeout (jest.preset.js) is not applied when the root runs the projects.
  testTimeout: 30_000,
  projects: [
    '<rootDir>/packages/contracts',
    '<rootDir>/packages/movielens',
    '<rootDir>/packages/ncf',
    '<rootDir>/packages/ncf-lab',
    '<rootDir>/packages/db',
    '<rootDir>/packages/nest-common',
    '<rootDir>/services/trainer',
    '<rootDir>/services/recommender',
    '<rootDir>/services/gateway',
    '<rootDir>/services/web',
    '<rootDir>/scripts',
  ],
};
