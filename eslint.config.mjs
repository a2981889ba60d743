// @ts-check
import eslint from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** @marquee/ncf's layers, bottom to top (packages/ncf/src/<layer>/). */
const NCF_LAYERS = ['format', 'network', 'serving', 'training'];

const readJson = (file) => JSON.parse(readFileSync(path.join(import.meta.dirname, file), 'utf8'));
/** The subpaths the workspace packages declare in their package.json `exports`: `@marquee/ncf/ratings`. */
const DECLARED_SUBPATHS = readJson('package.json').workspaces.flatMap((dir) => {
  const { name, exports = {} } = readJson(`${dir}/package.json`);
  return Object.keys(exports)
    .filter((key) => key !== '.')
    .map((key) => `${name}${key.slice(1)}`);
});
const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A workspace package is imported by its name or a subpath its `exports` declares, never its files. */
const DEEP_IMPORT = {
  regex: `^(?!(?:${DECLARED_SUBPATHS.map(escapeRegex).join('|')})$)@marquee/[^/]+/`,
  message:
    'Import a workspace package by its name or a subpath its package.json `exports` declares, not its src/ or dist/ files.',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/coverage/**',
      'packages/db/src/generated/**',
      '**/next-env.d.ts',
      'data/**',
      'artifacts/**',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  {
    // No import cycles within a package or service: a cycle of injected classes works only by
    // the order files happen to load in, and a cycle of modules blurs the layers.
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // Another workspace package's files are not reached by a relative path either.
      'import-x/no-relative-packages': 'error',
      'no-restricted-imports': ['error', { patterns: [DEEP_IMPORT] }],
    },
  },
  {
    // @marquee/ncf's layers, bottom to top: format, network, serving, training (each folder's
    // index.ts says what it holds). A file, spec or not, imports only from its own layer or the
    // ones below it, never the package index; the layers' sources never import the spec
    // fixtures (testing/, not a layer).
    files: ['packages/ncf/src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            ...NCF_LAYERS.map((layer, i) => ({
              target: `packages/ncf/src/${layer}`,
              from: [
                ...NCF_LAYERS.slice(i + 1).map((above) => `packages/ncf/src/${above}`),
                'packages/ncf/src/index.ts',
              ],
              message: `${layer}/ imports only from ${NCF_LAYERS.slice(0, i + 1).join(', ')}.`,
            })),
            {
              target: `packages/ncf/src/{${NCF_LAYERS.join(',')}}/**/!(*.spec).ts`,
              from: 'packages/ncf/src/testing',
              message: 'testing/ holds spec fixtures: only specs import it.',
            },
          ],
        },
      ],
    },
  },
  {
    // The format layer is the artifact as stored: no TensorFlow.js.
    files: ['packages/ncf/src/format/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            DEEP_IMPORT,
            { group: ['@tensorflow/*'], message: 'format/ holds no TensorFlow.js.' },
          ],
        },
      ],
    },
  },
  {
    // What @marquee/contracts re-exports (and so the web bundles) of ncf: files that import
    // nothing at all, so they never pull in TensorFlow.js or Node built-ins.
    files: ['packages/ncf/src/format/ratings.ts', 'packages/ncf/src/format/random.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration, ExportAllDeclaration, ExportNamedDeclaration[source]',
          message:
            'This file is re-exported by @marquee/contracts (@marquee/ncf/ratings, /random): it imports nothing.',
        },
      ],
    },
  },
  {
    // @marquee/contracts sits above the model library and takes from it only those two files.
    files: ['packages/contracts/src/**/*.ts'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: 'packages/contracts/src',
              from: 'packages/ncf/src',
              except: ['./format/ratings.ts', './format/random.ts'],
              message: 'contracts takes only @marquee/ncf/ratings and @marquee/ncf/random of ncf.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['services/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
