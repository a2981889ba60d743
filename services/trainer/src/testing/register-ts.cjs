/**
 * Lets a child process run the services' TypeScript sources as Jest runs them (tests start a
 * real trainer process in order to kill it): `node --require register-ts.cjs file.ts`. Each
 * file is compiled alone with tsconfig.base.json's options, Nest's decorator metadata
 * included, and @marquee/* resolves to the packages' sources as in jest.preset.js.
 */
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const ts = require('typescript');

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const { config } = ts.readConfigFile(path.join(ROOT, 'tsconfig.base.json'), ts.sys.readFile);
const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, ROOT);
const compilerOptions = { ...options, sourceMap: false, inlineSourceMap: true };

require.extensions['.ts'] = (module, filename) => {
  const source = fs.readFileSync(filename, 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions, fileName: filename });
  module._compile(outputText, filename);
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const workspace = /^@marquee\/([\w-]+)(\/testing)?$/.exec(request);
  const target = workspace
    ? path.join(ROOT, 'packages', workspace[1], 'src', workspace[2] ? 'testing' : '')
    : request;
  return resolveFilename.call(this, target, ...rest);
};
