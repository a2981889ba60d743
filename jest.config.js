/** @type {import('jest').Config} */
module.exports = {
  projects: [
    '<rootDir>/packages/contracts',
    '<rootDir>/packages/movielens',
    '<rootDir>/packages/ncf',
    '<rootDir>/packages/db',
    '<rootDir>/services/trainer',
    '<rootDir>/services/recommender',
    '<rootDir>/services/gateway',
    '<rootDir>/services/web',
  ],
};
