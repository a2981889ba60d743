// The Next.js tsconfig (module esnext, moduleResolution bundler, jsx react-jsx) cannot drive
// ts-jest's CommonJS output, so tests compile with tsconfig.jest.json instead.
const path = require('node:path');
const preset = require('../../jest.preset.js')(__dirname);

module.exports = {
  ...preset,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.jest.json') }],
  },
};
