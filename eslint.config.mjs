// Lint rules, including the layering rules of STYLE.md:
// - libs never import apps;
// - nobody imports another lib's internals (@kanava/<lib>/src/...), only its index;
// - libs/crypto and libs/voice import nothing of Nest, TypeORM or Node, so they run in the browser;
// - libs/api-contract holds types only and imports nothing, so the server and the browser share it;
// - a lib imports only libs below it in LIB_ORDER, and never another lib by a relative path.
import path from 'node:path';
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

/**
 * The lib order, lowest first. A lib may import only libs of a lower layer, so no
 * cycle can form and a lower lib never learns of a higher one's concepts (the audit
 * lib of cases, staff of cases: those go through ports in libs/common).
 */
const LIB_ORDER = [
  // The API's response shapes, types only: the server's libs build them and apps/web reads them.
  ['api-contract'],
  ['crypto', 'voice', 'passwords'],
  ['common'],
  ['database'],
  // How routes are reached (@Public, @Roles, CurrentStaff), declared by every feature lib.
  ['access'],
  // The wire protocol's server side: item, grant and submission DTOs, their checks and entity
  // mappers, the signature checker, the key directory's listing rule, and the reporter lib's ports.
  ['protocol'],
  // The staff side and the anonymous reporter side: neither imports the other.
  ['staff', 'reporter'],
  ['labels', 'notifications', 'privacy', 'questionnaires'],
  ['cases'],
  // The audit log's reader names cases by their reference; writers reach it through AuditSink in libs/common.
  ['attachments', 'audit'],
  ['retention'],
  ['jobs'],
];
const LAYER = new Map(LIB_ORDER.flatMap((libs, layer) => libs.map((lib) => [lib, layer])));

/** The lib a file belongs to (`libs/<name>/...`), or undefined outside libs. */
function libOf(file) {
  const parts = path.relative(process.cwd(), file).split(path.sep);
  return parts[0] === 'libs' && parts.length > 2 ? parts[1] : undefined;
}

const layers = {
  meta: {
    type: 'problem',
    messages: {
      relative: 'Import another lib by its name (@kanava/{{target}}), not by a relative path.',
      upward: 'libs/{{lib}} may not import @kanava/{{target}}: it is not below it in the lib order (eslint.config.mjs, LIB_ORDER).',
      unknown: 'libs/{{lib}} is not in the lib order: add it to LIB_ORDER in eslint.config.mjs.',
    },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const lib = libOf(file);
    if (!lib) return {};
    function check(node) {
      const source = node.source && node.source.value;
      if (typeof source !== 'string') return;
      let target;
      if (source.startsWith('.')) {
        target = libOf(path.resolve(path.dirname(file), source));
        if (target === undefined) return; // leaving libs/ is the apps rule's business
        if (target !== lib) context.report({ node: node.source, messageId: 'relative', data: { target } });
        return;
      }
      const match = /^@kanava\/([a-z-]+)/.exec(source);
      if (!match || match[1] === lib) return;
      target = match[1];
      if (!LAYER.has(lib)) {
        context.report({ node: node.source, messageId: 'unknown', data: { lib } });
      } else if (!LAYER.has(target) || LAYER.get(target) >= LAYER.get(lib)) {
        context.report({ node: node.source, messageId: 'upward', data: { lib, target } });
      }
    }
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

/**
 * Error codes are enum members of the throwing lib's errors.ts (STYLE.md 4), never inline strings:
 * the first argument of a DomainError subclass may not be a string or template literal.
 */
const DOMAIN_ERRORS = [
  'DomainError',
  'BadRequestError',
  'UnauthorizedError',
  'ForbiddenError',
  'NotFoundError',
  'ConflictError',
  'PayloadTooLargeError',
  'PreconditionRequiredError',
];
const inlineErrorCodes = ['Literal', 'TemplateLiteral'].map((type) => ({
  selector: `NewExpression[callee.name=/^(${DOMAIN_ERRORS.join('|')})$/][arguments.0.type='${type}']`,
  message: "Give the error code as a member of the lib's error-code enum (errors.ts), not as an inline string.",
}));

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
    plugins: { kanava: { rules: { layers } } },
    rules: { 'no-restricted-imports': ['error', { patterns: [internals, apps] }], 'kanava/layers': 'error' },
  },
  {
    files: ['libs/**/*.ts', 'apps/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/*.medium-spec.ts', 'libs/*/test/**'],
    rules: { 'no-restricted-syntax': ['error', ...inlineErrorCodes] },
  },
  browserLib('api-contract'),
  {
    // Types only: the contract describes responses and never ships code of its own.
    files: ['libs/api-contract/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'Program > :not(TSInterfaceDeclaration, TSTypeAliasDeclaration, ExportNamedDeclaration[exportKind="type"], ExportAllDeclaration[exportKind="type"], ImportDeclaration[importKind="type"])',
          message: 'libs/api-contract holds types only: `export interface` or `export type`.',
        },
        {
          selector: 'ExportNamedDeclaration[exportKind="type"] > :not(TSInterfaceDeclaration, TSTypeAliasDeclaration, ExportSpecifier, Identifier, Literal)',
          message: 'libs/api-contract holds types only: `export interface` or `export type`.',
        },
      ],
    },
  },
  browserLib('crypto'),
  browserLib('voice'),
  browserLib('passwords'),
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
