// Session encryption across real processes: a migration SIGKILLed after each of its steps leaves
// the old (plaintext) or the new (encrypted) file readable, and the next opener finishes it;
// openers started together all read the session while one migration runs, and the exclusive
// lock still admits one of them.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { exitOf, spawnNode } from '@tgmcp/testkit/harness';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { MigrationStep } from '../src/sessions/encrypt-migration.js';
import { SessionKey } from '../src/sessions/session-key.js';
import { createSessionStore } from '../src/sessions/store.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const pkg = path.resolve(here, '..');
const worker = path.join(here, 'fixtures', 'session-worker.mjs');
const KEY_HEX = randomBytes(32).toString('hex');
const KEY = SessionKey.raw(Buffer.from(KEY_HEX, 'hex'), 'TG_SESSION_KEY');
const SESSION = `1${randomBytes(270).toString('base64')}`;
const STEPS: MigrationStep[] = [
  'temp-written',
  'temp-verified',
  'backup-made',
  'replaced',
  'verified',
  'backup-removed',
];

let moduleUrl: string;
let dataDir: string;

/** The store's sources bundled once for the worker processes (they run plain Node). */
beforeAll(async () => {
  const outDir = path.join(pkg, 'node_modules', '.cache', 'tgmcp-session-worker');
  mkdirSync(outDir, { recursive: true });
  const entry = path.join(outDir, 'entry.ts');
  writeFileSync(
    entry,
    `export { createSessionStore } from ${JSON.stringify(path.join(pkg, 'src/sessions/store.ts'))};\n` +
      `export { SessionKey } from ${JSON.stringify(path.join(pkg, 'src/sessions/session-key.ts'))};\n`,
  );
  const { build } = await import('tsup');
  await build({
    config: false,
    entry: { lib: entry },
    outDir,
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    sourcemap: false,
    clean: false,
    silent: true,
    external: ['zod'],
  });
  const files = readdirSync(outDir);
  moduleUrl = pathToFileURL(
    path.join(outDir, files.includes('lib.js') ? 'lib.js' : 'lib.mjs'),
  ).href;
});

beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-enc-proc-'));
  const dir = path.join(dataDir, 'sessions');
  mkdirSync(dir, { mode: 0o700 });
  writeFileSync(
    path.join(dir, 'main.session'),
    JSON.stringify({ version: 1, session: SESSION, source: 'login', updatedAt: 'then' }),
    { mode: 0o600 },
  );
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

interface WorkerResult {
  signal: NodeJS.Signals | null;
  lines: Array<{ ok: boolean; session?: string; locked?: boolean; code?: string }>;
}

async function run(action: string, arg = '', key = KEY_HEX): Promise<WorkerResult> {
  const r = await exitOf(spawnNode(worker, [moduleUrl, dataDir, key, action, arg]));
  if (r.stderr) process.stderr.write(r.stderr);
  return {
    signal: r.signal,
    lines: r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as WorkerResult['lines'][number]),
  };
}

const file = () => path.join(dataDir, 'sessions', 'main.session');
const version = () => (JSON.parse(readFileSync(file(), 'utf8')) as { version: number }).version;

describe('session encryption across processes', () => {
  it.each(STEPS)(
    'SIGKILL after %s: the old or the new file reads; the next open completes',
    async (step) => {
      const killed = await run('kill', step);
      expect(killed.signal).toBe('SIGKILL');
      expect(killed.lines).toEqual([]);
      if (STEPS.indexOf(step) < STEPS.indexOf('replaced')) {
        // The old file, untouched: still readable without the key.
        expect(version()).toBe(1);
        expect(
          createSessionStore({ dataDir, onWarning: () => undefined }).load('main').session,
        ).toBe(SESSION);
      } else {
        expect(version()).toBe(2);
        expect(readFileSync(file(), 'utf8')).not.toContain(SESSION.slice(1, 40));
      }
      // Whatever was left (temp file, backup, lock of a dead process), the next opener finishes.
      const next = await run('load');
      expect(next.lines).toEqual([{ ok: true, session: SESSION }]);
      expect(version()).toBe(2);
      expect(readdirSync(path.dirname(file()))).toEqual(['main.session']);
      expect(createSessionStore({ dataDir, key: KEY }).load('main').session).toBe(SESSION);
    },
  );

  it('openers started together all read it and leave one encrypted file; the exclusive lock admits one', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => run('hold', '3000')));
    const lines = results.flatMap((r) => r.lines);
    expect(lines).toHaveLength(4);
    for (const l of lines) expect(l).toMatchObject({ ok: true, session: SESSION });
    expect(lines.filter((l) => l.locked)).toHaveLength(1);
    expect(lines.filter((l) => !l.locked).map((l) => l.code)).toEqual([
      'SESSION_LOCKED',
      'SESSION_LOCKED',
      'SESSION_LOCKED',
    ]);
    expect(version()).toBe(2);
    expect(readdirSync(path.dirname(file()))).toEqual(['main.session']);
  });

  it('a wrong key in another process: SESSION_KEY_WRONG and the file unchanged', async () => {
    await run('load');
    const before = readFileSync(file());
    const wrong = await run('load', '', randomBytes(32).toString('hex'));
    expect(wrong.lines).toEqual([
      expect.objectContaining({ ok: false, code: 'SESSION_KEY_WRONG' }),
    ]);
    expect(readFileSync(file())).toEqual(before);
  });
});
