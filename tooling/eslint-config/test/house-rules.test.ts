// Plants one violation per house rule in a throwaway workspace laid out like ours, lints each
// package with tgmcpConfig the way `eslint .` does, and checks which house rules fire where.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tgmcpConfig } from '../index.js';

const APP = 'tgmcp/app-boundary';
const ENTRY = 'tgmcp/entry-points-only';
const ESCAPE = 'tgmcp/no-relative-escape';
const CLOCK = 'tgmcp/injected-clock';
const CAST = 'tgmcp/no-type-escape';

interface Planted {
  file: string;
  code: string;
  /** House rules expected to fire, once per report. */
  expect: string[];
}

const violations: Planted[] = [
  { file: 'apps/mcp-actions/src/a.ts', code: "export { x } from '@tgmcp/read';", expect: [APP] },
  { file: 'apps/mcp-read/src/a.ts', code: "import '@tgmcp/actions';", expect: [APP] },
  {
    file: 'packages/policy/src/a.ts',
    code: "import { y } from '@tgmcp/actions';\nexport { y };",
    expect: [APP],
  },
  {
    file: 'apps/mcp-actions/src/b.ts',
    code: "export const m = await import('@tgmcp/read');",
    expect: [APP],
  },
  {
    file: 'apps/mcp-actions/test/a.test.ts',
    code: "import type { X } from '@tgmcp/read';\nexport type { X };",
    expect: [APP],
  },
  {
    file: 'packages/mcp/src/a.ts',
    code: "export { a } from '@tgmcp/policy/src/index.js';",
    expect: [ENTRY],
  },
  {
    file: 'packages/mcp/src/b.ts',
    code: "export const m = await import('@tgmcp/telegram/dist/index.js');",
    expect: [ENTRY],
  },
  {
    file: 'tooling/client-e2e/test/a.test.ts',
    code: "import '@tgmcp/ratelimit/src/clock.js';",
    expect: [ENTRY],
  },
  {
    file: 'apps/mcp-read/src/c.ts',
    code: "export { z } from '../../mcp-actions/src/z.js';",
    expect: [ESCAPE],
  },
  {
    file: 'packages/mcp/src/tools/a.ts',
    code: "export { z } from '../../../../apps/mcp-read/src/z.js';",
    expect: [ESCAPE],
  },
  { file: 'packages/ratelimit/src/c1.ts', code: 'export const t = Date.now();', expect: [CLOCK] },
  { file: 'packages/ratelimit/src/c2.ts', code: 'setTimeout(() => {}, 1);', expect: [CLOCK] },
  { file: 'packages/ratelimit/src/c3.ts', code: 'setInterval(() => {}, 1);', expect: [CLOCK] },
  {
    file: 'packages/ratelimit/src/c4.ts',
    code: 'export const r = Math.random();',
    expect: [CLOCK],
  },
  {
    file: 'packages/ratelimit/src/c5.ts',
    code: 'export const t = performance.now();',
    expect: [CLOCK],
  },
  { file: 'packages/ratelimit/src/c6.ts', code: 'export const d = new Date();', expect: [CLOCK] },
  { file: 'packages/ratelimit/src/c7.ts', code: 'export const d = Date();', expect: [CLOCK] },
  {
    file: 'packages/ratelimit/src/c8.ts',
    code: "import { setTimeout as delay } from 'node:timers/promises';\nawait delay(1);",
    expect: [CLOCK],
  },
  {
    file: 'packages/ratelimit/src/c9.ts',
    code: 'globalThis.setTimeout(() => {}, 1);',
    expect: [CLOCK],
  },
  {
    file: 'packages/ratelimit/src/c10.ts',
    code: 'export const t = process.hrtime.bigint();',
    expect: [CLOCK],
  },
  {
    file: 'packages/policy/src/deep/c.ts',
    code: 'export const now = () => Date.now();',
    expect: [CLOCK],
  },
  {
    file: 'packages/telegram/src/k1.ts',
    code: 'export const n = (1 as never) satisfies number;',
    expect: [CAST],
  },
  {
    file: 'packages/exporters/src/k2.ts',
    code: 'export const s = 1 as unknown as string;',
    expect: [CAST],
  },
  {
    file: 'packages/exporters/src/k3.ts',
    code: 'export const s = <string>(<unknown>1);',
    expect: [CAST],
  },
  {
    file: 'apps/mcp-read/src/k4.ts',
    code: 'export const s = 1 as unknown as string;',
    expect: [CAST],
  },
  {
    file: 'tooling/client-e2e/helpers.ts',
    code: 'export const s = 1 as unknown as string;',
    expect: [CAST],
  },
];

// The allowed counterparts. Each also holds one violation of a rule that does apply there, so a
// file that was not linted at all (or linted without the house rules) cannot pass.
const allowed: Planted[] = [
  {
    file: 'packages/core/src/clock.ts',
    code: "import { setTimeout as delay } from 'node:timers/promises';\nexport const now = () => Date.now();\nexport const d = new Date();\nsetTimeout(() => {}, 1);\nexport const sleep = delay;\nexport const n = 1 as never;",
    expect: [CAST],
  },
  {
    file: 'packages/core/src/random.ts',
    code: "export const r = Math.random();\nexport { a } from '@tgmcp/x/src/a.js';",
    expect: [ENTRY],
  },
  {
    file: 'packages/ratelimit/src/c.test.ts',
    code: "export const t = Date.now();\nsetTimeout(() => {}, 1);\nexport const n = 1 as never;\nexport const s = 1 as unknown as string;\nimport '@tgmcp/read';",
    expect: [APP],
  },
  {
    file: 'packages/ratelimit/test/helpers/h.ts',
    code: "export const t = Date.now();\nexport const s = 1 as unknown as string;\nimport '@tgmcp/actions';",
    expect: [APP],
  },
  {
    file: 'packages/testkit/src/fake-dc.ts',
    code: "export const t = Date.now();\nsetInterval(() => {}, 1);\nexport const n = 1 as never;\nexport const s = 1 as unknown as string;\nimport '@tgmcp/read';",
    expect: [APP],
  },
  {
    file: 'apps/mcp-read/src/timer.ts',
    code: 'export const t = Date.now();\nsetTimeout(() => {}, 1);\nexport const n = 1 as never;',
    expect: [CAST],
  },
  {
    file: 'packages/ratelimit/bench/run.ts',
    code: 'export const t = Date.now();\nexport const n = 1 as never;',
    expect: [CAST],
  },
  {
    file: 'tooling/client-e2e/test/clients.test.ts',
    code: "import '@tgmcp/read';\nimport '@tgmcp/actions';\nexport const s = 1 as unknown as string;\nimport '@tgmcp/read/src/cli.js';",
    expect: [ENTRY],
  },
  {
    file: 'packages/ratelimit/src/ok.ts',
    code: [
      "import { redisStore } from '@tgmcp/ratelimit/redis';",
      "import { createConnection } from 'node:net';",
      "import { h } from '../test/helpers/h.js';",
      "export { k } from './stores/k.js';",
      'export const d = new Date(0);',
      'createConnection(1).setTimeout(5, () => {});',
      'export const n = 1 satisfies number;',
      'export const uses = [redisStore, h];',
      'export const t = Date.now();',
    ].join('\n'),
    expect: [CLOCK],
  },
];

const planted = [...violations, ...allowed];
const packageOf = (file: string) => file.split('/').slice(0, 2).join('/');
const houseRulesIn = (messages: { message: string }[]) =>
  messages.flatMap((m) => /\[(tgmcp\/[a-z-]+)\]/.exec(m.message)?.[1] ?? []);

let root: string;
const results = new Map<string, ESLint.LintResult>();

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-house-rules-'));
  await writeFile(
    path.join(root, 'pnpm-workspace.yaml'),
    "packages: ['apps/*', 'packages/*', 'tooling/*']\n",
  );
  const packages = [...new Set(planted.map((p) => packageOf(p.file)))];
  for (const pkg of packages) {
    await mkdir(path.join(root, pkg), { recursive: true });
    await writeFile(
      path.join(root, pkg, 'package.json'),
      JSON.stringify({ name: pkg, type: 'module' }),
    );
    const compilerOptions = {
      strict: true,
      module: 'NodeNext',
      target: 'ES2022',
      noEmit: true,
      types: [],
    };
    await writeFile(
      path.join(root, pkg, 'tsconfig.json'),
      JSON.stringify({ compilerOptions, include: ['**/*.ts'] }),
    );
  }
  for (const p of planted) {
    await mkdir(path.dirname(path.join(root, p.file)), { recursive: true });
    await writeFile(path.join(root, p.file), `${p.code}\n`);
  }
  // One ESLint per package, with the package as cwd and tsconfigRootDir: what `eslint .` runs.
  for (const pkg of packages) {
    const cwd = path.join(root, pkg);
    const eslint = new ESLint({
      cwd,
      overrideConfigFile: true,
      overrideConfig: tgmcpConfig({ tsconfigRootDir: cwd }),
    });
    for (const r of await eslint.lintFiles(['.'])) results.set(path.relative(root, r.filePath), r);
  }
}, 120_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

describe('house rules', () => {
  it('linted every planted file without a parse error', () => {
    expect([...results.keys()].sort()).toEqual(planted.map((p) => p.file).sort());
    const fatal = [...results.values()].flatMap((r) => r.messages.filter((m) => m.fatal));
    expect(fatal).toEqual([]);
  });

  it.each(violations)('reports $expect in $file', ({ file, expect: want }) => {
    expect(houseRulesIn(results.get(file)!.messages)).toEqual(want);
  });

  it.each(allowed)('allows $file (only its canary $expect fires)', ({ file, expect: want }) => {
    expect(houseRulesIn(results.get(file)!.messages)).toEqual(want);
  });

  it('tells the author what to do instead', () => {
    const [clock] = results.get('packages/ratelimit/src/c1.ts')!.messages;
    expect(clock?.message).toMatch(/clock\.now\(\).*packages\/core\/src\/clock\.ts/);
    const [cast] = results
      .get('packages/exporters/src/k2.ts')!
      .messages.filter((m) => m.ruleId === 'no-restricted-syntax');
    expect(cast?.message).toMatch(/type guard/);
  });
});
