// The house rules of CONVENTIONS.md as lint: apps stay apart, packages are used through their
// entry points, library code gets time and randomness injected, and no cast hides a type error.
// Built-in rules; every message starts with the house rule's name and says what to do instead.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { noRelativeEscape } from './no-relative-escape.js';

/** The directory holding pnpm-workspace.yaml at or above `dir`: the globs below are relative to it. */
export function workspaceRootOf(dir) {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'pnpm-workspace.yaml'))) return at;
    if (path.dirname(at) === at)
      throw new Error(`tgmcpConfig: no pnpm-workspace.yaml above ${dir}`);
  }
}

/** The only files that may read the real clock and the real randomness. */
export const CLOCK_MODULES = ['packages/core/src/clock.ts', 'packages/core/src/random.ts'];

const CODE = '*.{ts,mts,cts,js,mjs,cjs}';
const TS = '*.{ts,mts,cts}';
const TESTS = ['**/*.test.*', '**/test/**'];
// The testkit is a fake Telegram server: it runs on real time and builds gramjs's TL objects from
// raw bytes, so neither the clock rule nor the cast rule applies to it.
const TESTKIT = 'packages/testkit/**';

const appBoundaryMessage =
  '[tgmcp/app-boundary] an app is a binary, not a library: apps/* and packages/* never import @tgmcp/read or @tgmcp/actions (only tooling/client-e2e drives them). Move what both need into a package (@tgmcp/mcp, @tgmcp/policy, @tgmcp/telegram, ...) and import it from there.';
const appBoundary = {
  imports: { patterns: [{ regex: '^@tgmcp/(read|actions)(/|$)', message: appBoundaryMessage }] },
  syntax: [
    {
      selector: 'ImportExpression[source.value=/^@tgmcp[/](read|actions)([/]|$)/]',
      message: appBoundaryMessage,
    },
  ],
};

const entryPointsMessage =
  '[tgmcp/entry-points-only] import a package by its name or a subpath its exports map declares (@tgmcp/ratelimit/redis), never its src/ or dist/ files: export what you need from its src/index.ts.';
const entryPoints = {
  imports: { patterns: [{ regex: '^@tgmcp/[^/]+/(src|dist)(/|$)', message: entryPointsMessage }] },
  syntax: [
    {
      selector: 'ImportExpression[source.value=/^@tgmcp[/][^/]+[/](src|dist)([/]|$)/]',
      message: entryPointsMessage,
    },
  ],
};

const clockMessage = (what) =>
  `[tgmcp/injected-clock] ${what} in library code: take time and randomness from the injected clock and random (clock.now(), clock.sleep(ms, signal), random.*) so tests run on a manual clock; only ${CLOCK_MODULES.join(' and ')} touch the real ones.`;
const injectedClock = {
  imports: {
    paths: ['node:timers/promises', 'timers/promises', 'node:timers', 'timers'].map((name) => ({
      name,
      message: clockMessage(`${name} sleeps on real time`),
    })),
  },
  syntax: [
    {
      selector: "NewExpression[callee.name='Date'][arguments.length=0]",
      message: clockMessage('new Date() reads the wall clock (new Date(clock.now()) does not)'),
    },
    {
      selector: "CallExpression[callee.name='Date']",
      message: clockMessage('Date() reads the wall clock'),
    },
  ],
  properties: [
    ['Date', 'now', 'Date.now reads the wall clock'],
    ['performance', 'now', 'performance.now reads the real clock'],
    ['process', 'hrtime', 'process.hrtime reads the real clock'],
    ['Math', 'random', 'Math.random is unseeded randomness'],
    ['globalThis', 'setTimeout', 'setTimeout waits on real time'],
    ['globalThis', 'setInterval', 'setInterval waits on real time'],
  ].map(([object, property, what]) => ({ object, property, message: clockMessage(what) })),
  globals: [
    { name: 'setTimeout', message: clockMessage('setTimeout waits on real time') },
    { name: 'setInterval', message: clockMessage('setInterval waits on real time') },
  ],
};

const castMessage = (cast) =>
  `[tgmcp/no-type-escape] '${cast}' silences the type checker instead of fixing the types: give the value its real type (a typed factory or parameter, a type guard, a narrower interface). Allowed only in packages/testkit and in tests.`;
const noTypeEscape = {
  syntax: [
    {
      selector: ":matches(TSAsExpression, TSTypeAssertion)[typeAnnotation.type='TSNeverKeyword']",
      message: castMessage('as never'),
    },
    {
      selector:
        ":matches(TSAsExpression, TSTypeAssertion)[expression.typeAnnotation.type='TSUnknownKeyword']",
      message: castMessage('as unknown as'),
    },
  ],
};

/** One flat-config object enforcing `houseRules` on `files` (minus `ignores`), relative to `root`. */
function layer(root, name, files, ignores, houseRules) {
  const imports = { paths: [], patterns: [] };
  const syntax = [];
  const properties = [];
  const globals = [];
  for (const r of houseRules) {
    imports.paths.push(...(r.imports?.paths ?? []));
    imports.patterns.push(...(r.imports?.patterns ?? []));
    syntax.push(...(r.syntax ?? []));
    properties.push(...(r.properties ?? []));
    globals.push(...(r.globals ?? []));
  }
  const rules = {
    'no-restricted-imports': ['error', imports],
    'no-restricted-syntax': ['error', ...syntax],
  };
  if (properties.length > 0) rules['no-restricted-properties'] = ['error', ...properties];
  if (globals.length > 0) rules['no-restricted-globals'] = ['error', ...globals];
  return { name: `tgmcp/house-rules/${name}`, basePath: root, files, ignores, rules };
}

/**
 * The house rules for files of the workspace at `root`. Flat config replaces a rule's options
 * instead of merging them, so each layer lists every house rule that applies to its files, and
 * the layers go from the widest set of files to the narrowest: a file gets the last one it matches.
 */
export function houseRules(root) {
  const appsAndPackages = [`apps/**/${CODE}`, `packages/**/${CODE}`];
  return [
    {
      name: 'tgmcp/house-rules/no-relative-escape',
      plugins: { tgmcp: { rules: { 'no-relative-escape': noRelativeEscape } } },
      rules: { 'tgmcp/no-relative-escape': 'error' },
    },
    layer(root, 'everywhere', [`**/${CODE}`], [], [entryPoints]),
    layer(root, 'apps-and-packages', appsAndPackages, [], [entryPoints, appBoundary]),
    // Tests are left their casts: they hand partial fakes and deliberately ill-typed input (an
    // invalid `limit`, an unknown enum value) to code that must reject it at the edge.
    layer(root, 'source', [`**/${TS}`], [...TESTS, TESTKIT], [entryPoints, noTypeEscape]),
    layer(
      root,
      'apps-and-packages-source',
      [`apps/**/${TS}`, `packages/**/${TS}`],
      [...TESTS, TESTKIT],
      [entryPoints, appBoundary, noTypeEscape],
    ),
    layer(
      root,
      'library-source',
      [`packages/*/src/**/${TS}`],
      [...TESTS, TESTKIT, ...CLOCK_MODULES],
      [entryPoints, appBoundary, noTypeEscape, injectedClock],
    ),
  ];
}
