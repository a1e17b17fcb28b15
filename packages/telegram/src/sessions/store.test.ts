import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionLockedError } from '../errors.js';
import { validateSessionName } from './names.js';
import { createSessionStore } from './store.js';

let dataDir: string;
const warnings: string[] = [];
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-sessions-'));
  warnings.length = 0;
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const store = (lockMode?: 'shared' | 'exclusive') =>
  createSessionStore({ dataDir, lockMode, onWarning: (m) => warnings.push(m) });

describe('session names', () => {
  it.each(['main', 'john.doe', 'acct_2', 'A-1', 'x'])('accepts %s', (name) =>
    expect(validateSessionName(name)).toBe(name),
  );
  it.each([
    '../x',
    '/etc/passwd',
    'x/../../y',
    'x.session',
    'X.SESSION',
    '',
    '.hidden',
    '-x',
    'a..b',
    'a'.repeat(65),
    'sp ace',
    'x\u0000',
  ])('rejects %j naming the field', (name) =>
    expect(() => validateSessionName(name)).toThrow(/session_name/),
  );
});

describe('createSessionStore', () => {
  it('keeps sessions in <dataDir>/sessions with 0700 / 0600, written atomically', () => {
    const s = store();
    s.save('main', { session: '1abc', source: 'login', account: { id: '42' } });
    expect(statSync(s.dir).mode & 0o777).toBe(0o700);
    expect(statSync(s.pathOf('main')).mode & 0o777).toBe(0o600);
    expect(s.load('main')).toMatchObject({
      version: 1,
      session: '1abc',
      source: 'login',
      account: { id: '42' },
    });
    expect(readdirSync(s.dir)).toEqual(['main.session']);
    expect(s.list()).toEqual(['main']);
    expect(s.exists('main')).toBe(true);
    expect(s.exists('other')).toBe(false);
  });

  it('tightens looser permissions on open and load, with a warning', () => {
    const s = store();
    s.save('main', { session: '1abc', source: 'login' });
    chmodSync(s.dir, 0o755);
    chmodSync(s.pathOf('main'), 0o644);
    const again = store();
    again.load('main');
    expect(statSync(again.dir).mode & 0o777).toBe(0o700);
    expect(statSync(again.pathOf('main')).mode & 0o777).toBe(0o600);
    expect(warnings).toHaveLength(2);
  });

  it('gives clear errors for missing and corrupt sessions, bad names and modes', () => {
    const s = store();
    expect(() => s.load('nope')).toThrow(/session 'nope' not found/);
    writeFileSync(path.join(s.dir, 'bad.session'), '{"version":1,', { mode: 0o600 });
    expect(() => s.load('bad')).toThrow(/not valid JSON/);
    expect(() => s.load('../../etc/passwd')).toThrow(/session_name/);
    expect(() => s.save('x.session', { session: '1', source: 'x' })).toThrow(
      /without the ".session" suffix/,
    );
    expect(() => createSessionStore({ dataDir: 'relative' })).toThrow(/absolute/);
    expect(() => createSessionStore({ dataDir, lockMode: 'off' as never })).toThrow(
      /TG_SESSION_LOCK_MODE/,
    );
  });

  it('exclusive mode: a second holder fails fast naming the holder pid; dead holders are recovered', async () => {
    const s = store('exclusive');
    s.save('main', { session: '1abc', source: 'login' });
    // A live process holds the lock.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], {
      stdio: 'ignore',
    });
    writeFileSync(`${s.pathOf('main')}.lock`, JSON.stringify({ pid: holder.pid }));
    const err = (() => {
      try {
        s.open('main');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SessionLockedError);
    expect((err as Error).message).toContain(String(holder.pid));
    // It dies: its lock is recovered.
    const exited = new Promise((r) => holder.once('exit', r));
    holder.kill('SIGKILL');
    await exited;
    const handle = s.open('main');
    expect(warnings.some((w) => w.includes('recovered the lock'))).toBe(true);
    expect(() => s.open('main')).toThrow(SessionLockedError);
    handle.release();
    s.open('main').release();
  });

  it('shared mode takes no lock', () => {
    const s = store('shared');
    s.open('main');
    s.open('main');
    expect(readdirSync(s.dir)).toEqual([]);
  });
});

describe('a FIFO at a session file', () => {
  it('is refused at once, naming session_name, never opened blocking', () => {
    const s = store();
    const file = path.join(s.dir, 'planted.session');
    execFileSync('mkfifo', [file]);
    const t0 = Date.now();
    expect(() => s.load('planted')).toThrow(/session_name.*planted.*FIFO/);
    expect(s.encryptionOf('planted')).toEqual({ state: 'missing' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
