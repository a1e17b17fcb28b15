// The shared test plumbing of @tgmcp/testkit/harness, against real child processes and files.
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  Cleanup,
  type CliSurface,
  cliRunner,
  collect,
  findCliHints,
  hintProblems,
  lastJsonLine,
  parseHintedOptions,
  repositoryTexts,
  runNode,
  runWorker,
  serverEnv,
  stringLeaves,
  unknownBareOptions,
} from '../src/harness.js';

const WORKER = fileURLToPath(new URL('./fixtures/job-worker.mjs', import.meta.url));
const TINY = fileURLToPath(new URL('./fixtures/tiny-cli.mjs', import.meta.url));
const env = { PATH: process.env.PATH ?? '' };

describe('Cleanup', () => {
  it('runs its steps newest first, past one that fails, and removes its temp dirs', async () => {
    const c = new Cleanup();
    const order: string[] = [];
    const dir = c.tempDir('tgmcp-testkit-cleanup-');
    c.add(() => order.push('first'));
    c.add(() => {
      throw new Error('broken step');
    });
    c.add(async () => order.push('third'));
    expect(existsSync(dir)).toBe(true);
    await c.run();
    expect(order).toEqual(['third', 'first']);
    expect(existsSync(dir)).toBe(false);
    await c.run();
    expect(order).toEqual(['third', 'first']);
  });
});

describe('readers', () => {
  it('stringLeaves lists every string with its path; collect drains an async iterable', async () => {
    expect(stringLeaves({ a: ['x', 1, { b: 'y' }], c: null, d: 'z' })).toEqual([
      ['$.a[0]', 'x'],
      ['$.a[2].b', 'y'],
      ['$.d', 'z'],
    ]);
    async function* three() {
      yield* [1, 2, 3];
    }
    expect(await collect(three())).toEqual([1, 2, 3]);
  });
});

describe('child processes', () => {
  it('runNode reports exit code, stdout and stderr without rejecting', async () => {
    const job = JSON.stringify({ lines: ['out'], stderr: 'err', exit: 3 });
    expect(await runNode(WORKER, [job], { env })).toEqual({
      code: 3,
      signal: null,
      stdout: 'out\n',
      stderr: 'err',
    });
    const ok = await cliRunner(TINY).run(['greet', '--name', 'x'], env);
    expect(ok).toMatchObject({ code: 0, stdout: 'ok\n' });
  });

  it('runWorker answers the last JSON line and rejects on a failed exit or no JSON', async () => {
    expect(await runWorker(WORKER, { lines: ['warming up', { n: 1 }, { n: 2 }] })).toEqual({
      n: 2,
    });
    await expect(runWorker(WORKER, { stderr: 'boom', exit: 1 })).rejects.toThrow(
      /worker exited 1: boom/,
    );
    await expect(runWorker(WORKER, { lines: ['no json'] })).rejects.toThrow(/no JSON line/);
    expect(() => lastJsonLine('{"a":')).toThrow(/no JSON line/);
  });
});

describe('serverEnv', () => {
  it('points a server at its data dir, and at the fake DC only when given its port', () => {
    const withDc = serverEnv({ dataDir: '/d', fakeDcPort: 4242 });
    expect(withDc).toMatchObject({ HOME: '/d', TG_DATA_DIR: '/d', TG_SESSION_NAME: 'main' });
    expect(withDc.TGMCP_TESTKIT_DC).toBe('127.0.0.1:4242');
    expect(serverEnv({ dataDir: '/d' })).not.toHaveProperty('TGMCP_TESTKIT_DC');
  });
});

describe('CLI hint checker', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'tgmcp-testkit-hints-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const cli: CliSurface = {
    bin: 'tiny',
    commands: ['greet'],
    options: { name: { type: 'string' }, loud: { type: 'boolean' }, help: { type: 'boolean' } },
    help: 'tiny [--loud]',
    commandHelp: (c) => (c === 'greet' ? 'tiny greet [--name x] [--loud]' : ''),
  };
  mkdirSync(path.join(root, 'packages', 'p', 'src'), { recursive: true });
  mkdirSync(path.join(root, 'apps'));
  writeFileSync(
    path.join(root, 'README.md'),
    'Run `tiny greet --name you --loud`, or `tiny --name me`.\nnot @x/tiny --shout\n',
  );
  writeFileSync(
    path.join(root, 'packages', 'p', 'src', 'a.ts'),
    "const hint = 'tiny greet --shout';\nconst bare = '--loud and --quiet';\n",
  );
  writeFileSync(path.join(root, 'packages', 'p', 'src', 'a.test.ts'), "'tiny --nope'\n");

  it('finds hints in the README and sources (tests left out) and names each bad option', () => {
    const files = repositoryTexts(root);
    expect(files.sort()).toEqual(['README.md', 'packages/p/src/a.ts']);
    const hints = findCliHints(root, cli, files);
    expect(hints.map((h) => [h.file, h.command, h.options])).toEqual([
      ['README.md', 'greet', ['name', 'loud']],
      ['README.md', undefined, ['name']],
      ['packages/p/src/a.ts', 'greet', ['shout']],
    ]);
    expect(hintProblems(hints, cli)).toEqual([
      'README.md: --name is not in the help of "tiny": tiny --name me',
      'packages/p/src/a.ts: --shout is not an option: tiny greet --shout',
    ]);
    const src = [path.join(root, 'packages', 'p', 'src', 'a.ts')];
    expect(unknownBareOptions(root, src, ['tiny'], cli)).toEqual(['packages/p/src/a.ts: --quiet']);
  });

  it('has the built CLI parse every hinted option', async () => {
    const hints = findCliHints(root, cli);
    const r = await parseHintedOptions(TINY, hints, cli);
    expect(r.tried).toEqual([
      'greet --name x --help',
      'greet --loud --help',
      '--name x --help',
      'greet --shout --help',
    ]);
    expect(r.failures).toHaveLength(1);
    expect(r.failures[0]).toMatch(/^greet --shout --help: exit 1 .*shout/s);
  });
});
