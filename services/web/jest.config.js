// The Next.js tsconfig (module esnext, moduleResolution bundler, jsx react-jsx) cannot drive
// ts-jest's CommonJS output, so tests compile with tsconfig.jest.json instead. Component tests
// (*.spec.tsx) pick the jsdom environment with a docblock; CSS modules map class names to
// themselves.
const path = require('node:path');
const preset = require('../../jest.preset.js')(__dirname);

module.exports = {
  ...preset,
  testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: path.join(__dirname, 'tsconfig.jest.json') }],
  },
  moduleNameMapper: {
    ...preset.moduleNameMapper,
    '\\.module\\.css$': path.join(__dirname, 'src/testing/css-module.js'),
  },
};
