// Lint rules, including the layering rules of STYLE.md:
// - libs never import apps;
// - nobody imports another lib's internals (@kanava/<lib>/src/...), only its index;
// - libs/crypto and libs/voice import nothing of Nest, TypeORM or Node, so they run in the browser.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'http2',
  'https',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'querystring',
  'readline',
  'stream',
  'stream/promises',
  'string_decoder',
  'timers',
  'tls',
  'tty',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
];

/**
 * A lib that runs in the browser (and in a Web Worker): no Node modules or globals,
 * no Nest, TypeORM or server code, no other lib. Its specs run in Jest and may use Node.
 */
function browserLib(name) {
  const where = `libs/${name}`;
  return {
    files: [`${where}/src/**/*.ts`],
    ignores: [`${where}/src/**/*.spec.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((module) => ({ name: module, message: `${where} runs in the browser: no Node modules.` })),
          patterns: [
            internals,
            apps,
            { group: ['node:*'], message: `${where} runs in the browser: no Node modules.` },
            { group: ['@nestjs/*', 'typeorm', 'typeorm/*', 'pg', 'express'], message: `${where} stays free of Nest, TypeORM and server code.` },
            { group: ['@kanava/*'], message: `${where} depends on no other lib.` },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: `Use Uint8Array: ${where} runs in the browser.` },
        { name: 'process', message: `${where} runs in the browser.` },
      ],
    },
  };
}

const internals = { group: ['@kanava/*/src', '@kanava/*/src/**'], message: 'Import another lib through its index (@kanava/<lib>), not its internals.' };
const apps = { group: ['**/apps/**', 'apps/**'], message: 'Libs never import apps.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '**/*.mjs', '**/*.cjs', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': ['error', { patterns: [internals] }],
    },
  },
  {
    files: ['libs/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [internals, apps] }] },
  },
  browserLib('crypto'),
  browserLib('voice'),
  {
    // The browser UI: runs in the browser, so no Node modules or globals (its specs run in Jest and may use them).
    files: ['apps/web/src/**/*.ts', 'apps/web/src/**/*.tsx'],
    ignores: ['apps/web/src/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.map((name) => ({ name, message: 'apps/web runs in the browser: no Node modules.' })),
          patterns: [internals, { group: ['node:*'], message: 'apps/web runs in the browser: no Node modules.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Buffer', message: 'apps/web runs in the browser.' },
        { name: 'process', message: 'apps/web runs in the browser.' },
      ],
    },
  },
);
