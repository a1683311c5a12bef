import { execFileSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');

/**
 * Lints snippets in a child process (ESLint loads its config with a dynamic
 * import, which Jest's module sandbox does not allow).
 */
function lintSnippets(cases: { file: string; code: string }[]): string[][] {
  const script = `
    const { ESLint } = require('eslint');
    const path = require('node:path');
    (async () => {
      const eslint = new ESLint({ cwd: process.cwd() });
      const cases = JSON.parse(process.argv[1]);
      const out = [];
      for (const c of cases) {
        const [r] = await eslint.lintText(c.code, { filePath: path.resolve(c.file) });
        out.push(r.messages.filter((m) => ['no-restricted-imports', 'no-restricted-globals', 'no-restricted-syntax', 'kanava/layers'].includes(m.ruleId)).map((m) => m.message));
      }
      process.stdout.write(JSON.stringify(out));
    })();`;
  return JSON.parse(execFileSync(process.execPath, ['-e', script, JSON.stringify(cases)], { cwd: ROOT, encoding: 'utf8' })) as string[][];
}

/** The layering rules of STYLE.md are enforced by ESLint; prove each one bites. */
describe('lint boundaries', () => {
  const cases: [string, string, string, RegExp][] = [
    [
      'a lib importing an app',
      'libs/cases/src/x.ts',
      "import { AppModule } from '../../../apps/api/src/app.module';\nexport const x = AppModule;\n",
      /Libs never import apps/,
    ],
    [
      'an import of another lib internals',
      'libs/cases/src/x.ts',
      "import { x } from '@kanava/reporter/src/errors';\nexport const y = x;\n",
      /through its index/,
    ],
    [
      'an app importing lib internals',
      'apps/api/src/x.ts',
      "import { x } from '@kanava/staff/src/auth/decorators';\nexport const y = x;\n",
      /through its index/,
    ],
    ['libs/crypto importing Nest', 'libs/crypto/src/x.ts', "import { Injectable } from '@nestjs/common';\nexport const y = Injectable;\n", /free of Nest/],
    ['libs/crypto importing TypeORM', 'libs/crypto/src/x.ts', "import { DataSource } from 'typeorm';\nexport const y = DataSource;\n", /free of Nest/],
    [
      'libs/crypto importing node:crypto',
      'libs/crypto/src/x.ts',
      "import { randomBytes } from 'node:crypto';\nexport const y = randomBytes;\n",
      /no Node modules/,
    ],
    ['libs/crypto importing fs', 'libs/crypto/src/x.ts', "import fs from 'fs';\nexport const y = fs;\n", /no Node modules/],
    ['libs/crypto using Buffer', 'libs/crypto/src/x.ts', 'export const y = Buffer.from("a");\n', /Use Uint8Array/],
    ['libs/voice importing Nest', 'libs/voice/src/x.ts', "import { Injectable } from '@nestjs/common';\nexport const y = Injectable;\n", /free of Nest/],
    ['libs/voice importing node:fs', 'libs/voice/src/x.ts', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n", /no Node modules/],
    ['libs/voice importing worker_threads', 'libs/voice/src/x.ts', "import { Worker } from 'worker_threads';\nexport const y = Worker;\n", /no Node modules/],
    [
      'libs/voice importing another lib',
      'libs/voice/src/x.ts',
      "import { randomBytes } from '@kanava/crypto';\nexport const y = randomBytes;\n",
      /depends on no other lib/,
    ],
    ['libs/voice using Buffer', 'libs/voice/src/x.ts', 'export const y = Buffer.from("a");\n', /Use Uint8Array/],
    ['libs/api-contract importing Nest', 'libs/api-contract/src/x.ts', "import type { Type } from '@nestjs/common';\nexport type Y = Type;\n", /free of Nest/],
    [
      'libs/api-contract importing another lib',
      'libs/api-contract/src/x.ts',
      "import type { WireItem } from '@kanava/crypto';\nexport type Y = WireItem;\n",
      /depends on no other lib/,
    ],
    ['libs/api-contract holding code', 'libs/api-contract/src/x.ts', 'export const y = 1;\n', /holds types only/],
    ['libs/voice using process', 'libs/voice/src/x.ts', 'export const y = process.hrtime();\n', /libs\/voice runs in the browser/],
    [
      'a relative import of another lib',
      'libs/cases/src/dto/x.ts',
      "import { x } from '../../../reporter/src/errors';\nexport const y = x;\n",
      /by its name \(@kanava\/reporter\), not by a relative path/,
    ],
    [
      'libs/crypto reaching into libs/common by a relative path',
      'libs/crypto/src/x.ts',
      "import { isUuid } from '../../common/src/ids';\nexport const y = isUuid;\n",
      /by its name \(@kanava\/common\)/,
    ],
    [
      'libs/staff importing cases (above it)',
      'libs/staff/src/x.ts',
      "import { CasesModule } from '@kanava/cases';\nexport const y = CasesModule;\n",
      /not below it in the lib order/,
    ],
    ['libs/common re-exporting database', 'libs/common/src/x.ts', "export { migrate } from '@kanava/database';\n", /not below it in the lib order/],
    [
      'libs/protocol importing the reporter lib (whose ports it declares)',
      'libs/protocol/src/x.ts',
      "import { FollowUpService } from '@kanava/reporter';\nexport const y = FollowUpService;\n",
      /not below it in the lib order/,
    ],
    [
      'libs/access importing staff',
      'libs/access/src/x.ts',
      "import { StaffModule } from '@kanava/staff';\nexport const y = StaffModule;\n",
      /not below it in the lib order/,
    ],
    [
      'libs/reporter importing staff (it declares routes through libs/access)',
      'libs/reporter/src/x.ts',
      "import { StaffModule } from '@kanava/staff';\nexport const y = StaffModule;\n",
      /not below it in the lib order/,
    ],
    [
      'a lib importing a lib of its own layer',
      'libs/reporter/src/x.ts',
      "import { AuditModule } from '@kanava/audit';\nexport const y = AuditModule;\n",
      /libs\/reporter may not import @kanava\/audit/,
    ],
    [
      'a lib missing from the lib order',
      'libs/newlib/src/x.ts',
      "import { isUuid } from '@kanava/common';\nexport const y = isUuid;\n",
      /not in the lib order/,
    ],
    [
      'an inline string as an error code',
      'libs/staff/src/x.ts',
      "import { NotFoundError } from '@kanava/common';\nexport const e = new NotFoundError('user_not_found', 'No such user.');\n",
      /member of the lib's error-code enum/,
    ],
    [
      'a template literal as an error code',
      'apps/api/src/x.ts',
      "import { ConflictError } from '@kanava/common';\nconst kind = 'slug';\nexport const e = new ConflictError(`${kind}_taken`, 'Taken.');\n",
      /member of the lib's error-code enum/,
    ],
  ];
  const allowed = { file: 'libs/cases/src/x.ts', code: "import { ReporterModule } from '@kanava/reporter';\nexport const y = ReporterModule;\n" };
  // A relative import inside one lib stays allowed.
  const sameLib = { file: 'libs/cases/src/dto/x.ts', code: "import { CasesModule } from '../cases.module';\nexport const y = CasesModule;\n" };
  // A spec beside the voice code may read its fixtures with Node.
  const voiceSpec = { file: 'libs/voice/src/x.spec.ts', code: "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n" };
  // An error code given as a member of the lib's enum passes.
  const enumCode = {
    file: 'libs/staff/src/x.ts',
    code: "import { NotFoundError } from '@kanava/common';\nimport { StaffErrorCode } from './errors';\nexport const e = new NotFoundError(StaffErrorCode.UserNotFound, 'No such user.');\n",
  };
  let results: string[][];

  beforeAll(() => {
    results = lintSnippets([...cases.map(([, file, code]) => ({ file, code })), allowed, voiceSpec, sameLib, enumCode]);
  });

  it.each(cases.map((c, i) => [c[0], i, c[3]] as const))('refuses %s', (_label, index, pattern) => {
    expect(results[index].join('\n')).toMatch(pattern);
  });

  it('allows imports through a lib index', () => {
    expect(results[cases.length]).toEqual([]);
  });

  it('allows Node modules in the specs of libs/voice', () => {
    expect(results[cases.length + 1]).toEqual([]);
  });

  it('allows relative imports inside one lib', () => {
    expect(results[cases.length + 2]).toEqual([]);
  });

  it('allows an error code given as an enum member', () => {
    expect(results[cases.length + 3]).toEqual([]);
  });
});
