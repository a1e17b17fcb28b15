// Sessions encrypted at rest: round trips (raw key, passphrase), what is on disk, a wrong or
// missing key leaving the file byte-identical, tampering, and the plaintext → encrypted migration
// with a failure injected after each step.
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MigrationStep } from './encrypt-migration.js';
import { SessionKey } from './session-key.js';
import { createSessionStore } from './store.js';

const AUTH_KEY = randomBytes(256);
// The shape of a gramjs string session: "1" + base64(dc, address, port, 256-byte auth key).
const SESSION = `1${Buffer.concat([Buffer.from([2, 0, 9]), Buffer.from('127.0.0.1'), Buffer.from([0x1f, 0x90]), AUTH_KEY]).toString('base64')}`;
const KEY = SessionKey.raw(randomBytes(32), 'TG_SESSION_KEY');
const OTHER = SessionKey.raw(randomBytes(32), 'TG_SESSION_KEY');
const STEPS: MigrationStep[] = [
  'temp-written',
  'temp-verified',
  'backup-made',
  'replaced',
  'verified',
  'backup-removed',
];

let dataDir: string;
let warnings: string[];
beforeEach(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-enc-'));
  warnings = [];
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const store = (key?: SessionKey, onMigrationStep?: (s: MigrationStep) => void) =>
  createSessionStore({ dataDir, key, onMigrationStep, onWarning: (m) => warnings.push(m) });

/** The file's bytes and mtime, to prove nothing wrote to it. */
function snapshot(file: string) {
  // An old mtime: a rewrite within the same clock tick would otherwise look unchanged.
  utimesSync(file, new Date(1_000_000_000_000), new Date(1_000_000_000_000));
  return { bytes: readFileSync(file), mtimeMs: statSync(file).mtimeMs };
}

function expectNoSecrets(text: string) {
  expect(text).not.toContain(SESSION);
  expect(text).not.toContain(SESSION.slice(1, 60));
  for (const enc of ['base64', 'hex', 'latin1'] as const)
    expect(text).not.toContain(AUTH_KEY.subarray(0, 32).toString(enc));
}

/** The file's JSON (an envelope or a plaintext record). */
const header = (file: string) =>
  JSON.parse(readFileSync(file, 'utf8')) as {
    version: number;
    nonce?: string;
    data?: string;
    kdf?: { name: string; salt?: string };
  };

function plaintextFile(name = 'main') {
  // What earlier versions wrote: version 1 JSON without a format field.
  const file = path.join(dataDir, 'sessions', `${name}.session`);
  store(); // creates the directory
  writeFileSync(
    file,
    JSON.stringify({ version: 1, session: SESSION, source: 'login', updatedAt: 'then' }),
    { mode: 0o600 },
  );
  return file;
}

describe('encrypted session store', () => {
  it('round-trips with a raw key; the file holds no session string and no auth key bytes', () => {
    const s = store(KEY);
    s.save('main', { session: SESSION, source: 'login', account: { id: '42', username: 'ada' } });
    expect(s.load('main')).toMatchObject({
      version: 1,
      session: SESSION,
      account: { id: '42', username: 'ada' },
    });
    const text = readFileSync(s.pathOf('main'), 'utf8');
    expectNoSecrets(text);
    expect(text).not.toContain('ada');
    expect(JSON.parse(text)).toMatchObject({
      format: 'tgmcp-session',
      version: 2,
      cipher: 'aes-256-gcm',
      kdf: { name: 'raw' },
    });
    expect(statSync(s.pathOf('main')).mode & 0o777).toBe(0o600);
    expect(s.encryptionOf('main')).toEqual({ state: 'encrypted', kdf: 'raw' });
    expect(s.keySource).toBe('TG_SESSION_KEY');
    // A fresh nonce per write.
    const nonce = header(s.pathOf('main')).nonce;
    s.save('main', { session: SESSION, source: 'login' });
    expect(header(s.pathOf('main')).nonce).not.toBe(nonce);
    expect(readdirSync(s.dir)).toEqual(['main.session']);
  });

  it('round-trips with a passphrase (scrypt, a stored salt and explicit cost)', () => {
    const pass = SessionKey.passphrase('correct horse battery staple', 'TG_SESSION_PASSPHRASE');
    const s = store(pass);
    s.save('main', { session: SESSION, source: 'login' });
    const { kdf } = header(s.pathOf('main'));
    expect(kdf).toMatchObject({ name: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
    expect(Buffer.from(kdf?.salt ?? '', 'base64')).toHaveLength(16);
    expect(
      store(SessionKey.passphrase('correct horse battery staple', 'TG_SESSION_PASSPHRASE')).load(
        'main',
      ).session,
    ).toBe(SESSION);
    const wrong = SessionKey.passphrase('incorrect horse', 'TG_SESSION_PASSPHRASE');
    expect(() => store(wrong).load('main')).toThrow(
      expect.objectContaining({ code: 'SESSION_KEY_WRONG', variable: 'TG_SESSION_PASSPHRASE' }),
    );
    // A raw key on a passphrase file says which kind it needs.
    expect(() => store(KEY).load('main')).toThrow(/saved with a passphrase/);
  });

  it('a wrong key: SESSION_KEY_WRONG naming session and variable; the file stays byte-identical', () => {
    store(KEY).save('main', { session: SESSION, source: 'login' });
    const file = store(KEY).pathOf('main');
    const before = snapshot(file);
    const err = (() => {
      try {
        store(OTHER).load('main');
      } catch (e) {
        return e as Error & { code: string };
      }
    })();
    expect(err?.code).toBe('SESSION_KEY_WRONG');
    expect(err?.message).toMatch(/Session 'main'.*TG_SESSION_KEY.*left untouched/);
    // Neither a save under the wrong key nor a plaintext save replaces it.
    expect(() => store(OTHER).save('main', { session: '1x', source: 'login' })).toThrow(
      expect.objectContaining({ code: 'SESSION_KEY_WRONG' }),
    );
    expect(() => store().load('main')).toThrow(
      expect.objectContaining({ code: 'SESSION_KEY_MISSING' }),
    );
    expect(() => store().save('main', { session: '1x', source: 'login' })).toThrow(
      expect.objectContaining({ code: 'SESSION_KEY_MISSING' }),
    );
    expect(readFileSync(file)).toEqual(before.bytes);
    expect(statSync(file).mtimeMs).toBe(before.mtimeMs);
    expect(readdirSync(path.dirname(file))).toEqual(['main.session']);
    expect(store(KEY).load('main').session).toBe(SESSION);
  });

  it('a damaged or renamed file is SESSION_INVALID, not a wrong key', () => {
    const s = store(KEY);
    s.save('main', { session: SESSION, source: 'login' });
    const env = header(s.pathOf('main'));
    const data = Buffer.from(env.data ?? '', 'base64');
    data[3] = (data[3] ?? 0) ^ 1;
    writeFileSync(s.pathOf('main'), JSON.stringify({ ...env, data: data.toString('base64') }));
    expect(() => s.load('main')).toThrow(expect.objectContaining({ code: 'SESSION_INVALID' }));
    s.save('work', { session: SESSION, source: 'login' });
    renameSync(s.pathOf('work'), s.pathOf('other'));
    expect(() => s.load('other')).toThrow(/renamed from another session/);
    writeFileSync(s.pathOf('main'), JSON.stringify({ ...env, kdf: { name: 'scrypt' } }));
    expect(() => s.load('main')).toThrow(/damaged header/);
    expect(s.encryptionOf('main').state).toBe('unreadable');
    expect(s.encryptionOf('nope')).toEqual({ state: 'missing' });
  });

  it('without a key: plaintext (0600) with a version header, as before', () => {
    const s = store();
    s.save('main', { session: SESSION, source: 'login' });
    expect(JSON.parse(readFileSync(s.pathOf('main'), 'utf8'))).toMatchObject({
      format: 'tgmcp-session',
      version: 1,
      session: SESSION,
    });
    expect(s.encryptionOf('main')).toEqual({ state: 'plaintext' });
    expect(s.keySource).toBeUndefined();
    plaintextFile('legacy');
    expect(s.load('legacy').session).toBe(SESSION);
    expect(s.encryptionOf('legacy')).toEqual({ state: 'plaintext' });
  });

  it('migrates a plaintext session on first load with a key, and removes the backup', () => {
    const file = plaintextFile();
    const seen: MigrationStep[] = [];
    expect(store(KEY, (step) => seen.push(step)).load('main')).toMatchObject({
      session: SESSION,
      source: 'login',
    });
    expect(seen).toEqual(STEPS);
    expectNoSecrets(readFileSync(file, 'utf8'));
    expect(readdirSync(path.dirname(file))).toEqual(['main.session']);
    expect(warnings.join('\n')).toMatch(/'main' was stored in plaintext; it is now encrypted/);
    expect(store(KEY).load('main').session).toBe(SESSION);
  });

  it.each(STEPS)(
    'a failure after step %s leaves the old or the new file readable, then completes',
    (failAt) => {
      const file = plaintextFile();
      expect(() =>
        store(KEY, (step) => {
          if (step === failAt) throw new Error(`injected after ${step}`);
        }).load('main'),
      ).toThrow(`injected after ${failAt}`);
      const kind = header(file).version === 2 ? 'new' : 'old';
      expect(kind).toBe(STEPS.indexOf(failAt) < STEPS.indexOf('replaced') ? 'old' : 'new');
      if (kind === 'old') expect(store().load('main').session).toBe(SESSION);
      // The next load (with the key) finishes the job and tidies up.
      expect(store(KEY).load('main').session).toBe(SESSION);
      expect(header(file).version).toBe(2);
      expect(readdirSync(path.dirname(file))).toEqual(['main.session']);
      expect(existsSync(`${file}.bak`)).toBe(false);
    },
  );
});
