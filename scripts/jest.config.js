// The scripts' own tests (docker-compose.yml and Dockerfile checks, the bad-input catalogue).
const jestProject = require('../jest.preset.js');

module.exports = { ...jestProject(__dirname), roots: ['<rootDir>'] };
