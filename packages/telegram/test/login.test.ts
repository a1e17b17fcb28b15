// login() and authStatus() with real gramjs against the testkit fake DC: phone code, 2FA (real
// SRP), QR with token refresh, already-authorized sessions, and no secret in errors or stderr.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { createManualClock } from '@tgmcp/ratelimit';
import {
  type FakeTelegram,
  type World,
  createWorld,
  demoWorld,
  startFakeTelegram,
} from '@tgmcp/testkit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSessionStore, type SessionStore } from '../src/index.js';
import { authStatus } from '../src/login/auth-status.js';
import { LoginError } from '../src/login/errors.js';
import { type LoginOptions, login } from '../src/login/login.js';
import { type AskContext, envProvider, promptProvider } from '../src/login/providers.js';

const API_HASH = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const PASSWORD = 'correct horse battery';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  vi.restoreAllMocks();
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

/** An account without 2FA (demoWorld has the password `demo-2fa`). */
function plainWorld(password?: string): World {
  return createWorld({
    self: {
      id: 4242,
      firstName: 'Ada',
      username: 'ada_l',
      phone: '+15550001267',
      ...(password ? { password } : {}),
    },
  });
}

async function start(world: World, authorized = false, lockMode?: 'exclusive') {
  const fake = await startFakeTelegram({ world, authorized });
  cleanup.push(() => fake.close());
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-login-'));
  cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
  const store = createSessionStore({ dataDir, lockMode, onWarning: () => undefined });
  const statuses: string[] = [];
  const base = {
    apiId: 1,
    apiHash: API_HASH,
    sessionName: 'main',
    store,
    connect: { clientOptions: fake.connectOptions },
    initialSession: fake.sessionString,
    onStatus: (t: string) => statuses.push(t),
  } satisfies Partial<LoginOptions>;
  return { fake, store, statuses, base };
}

/** Every secret of a fake account: none may appear in errors, statuses or stderr. */
function secretsOf(fake: FakeTelegram, store?: SessionStore): string[] {
  const list = [
    API_HASH,
    PASSWORD,
    'demo-2fa',
    fake.sessionString,
    fake.authKey.toString('hex'),
    fake.authKey.toString('base64'),
  ];
  if (fake.login.lastCode) list.push(fake.login.lastCode);
  if (store?.exists('main')) list.push(store.load('main').session);
  return list;
}

function expectNoSecrets(text: string, secrets: string[]) {
  for (const s of secrets) {
    // A login code is five digits: look for it as a number of its own, not inside an id.
    if (/^\d+$/.test(s)) expect(text).not.toMatch(new RegExp(`(?<!\\d)${s}(?!\\d)`));
    else expect(text).not.toContain(s);
  }
}

function captureOutput() {
  const err: string[] = [];
  const out: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  });
  return { stderr: () => err.join(''), stdout: () => out.join('') };
}

const never = () => {
  throw new Error('must not be asked');
};

describe('login with phone and code', () => {
  it('logs in, saves the session 0600, and authStatus then reports the account', async () => {
    const { fake, store, base } = await start(demoWorld());
    const result = await login({
      ...base,
      phone: '+1 000 000 0000',
      code: async () => fake.login.lastCode!,
      password: 'demo-2fa',
    });
    expect(result).toMatchObject({
      account: { id: '100000', username: 'demo_user', firstName: 'Demo' },
      sessionName: 'main',
      sessionPath: store.pathOf('main'),
      loggedIn: true,
    });
    expect(statSync(result.sessionPath).mode & 0o777).toBe(0o600);
    const saved = store.load('main');
    expect(saved).toMatchObject({
      source: 'login',
      account: { id: '100000', username: 'demo_user' },
    });
    expect(saved.session).toMatch(/^1/);
    expect(fake.login.authorized).toBe(true);

    const status = await authStatus({ ...base, expectedUsername: '@Demo_User' });
    expect(status).toMatchObject({
      authorized: true,
      session_name: 'main',
      session_path: store.pathOf('main'),
      account: { id: '100000', username: 'demo_user', first_name: 'Demo' },
      phone_masked: '+1•••••00',
      lock: { mode: 'shared' },
    });
    expect(status.dc_id).toEqual(expect.any(Number));
    expect(status.error).toBeUndefined();
  });

  it('asks again after a wrong code, then succeeds', async () => {
    const { fake, base, statuses } = await start(plainWorld());
    const asks: AskContext[] = [];
    const result = await login({
      ...base,
      phone: async () => '+15550001267',
      code: async (ctx) => {
        asks.push(ctx);
        return ctx.attempt === 1 ? '00000' : fake.login.lastCode!;
      },
    });
    expect(result.account).toEqual({ id: '4242', username: 'ada_l', firstName: 'Ada' });
    expect(asks.map((a) => [a.attempt, a.retry])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(fake.requests.count('auth.SignIn')).toBe(2);
    expect(statuses.join('\n')).toMatch(/not accepted; asking again/);
    expect(statuses.join('\n')).toMatch(/in the Telegram app/);
    expectNoSecrets(statuses.join('\n'), secretsOf(fake));
  });

  it('gives up after three wrong codes, and at once on a fixed wrong code', async () => {
    const { fake, store, base } = await start(plainWorld());
    let asked = 0;
    const err = await login({
      ...base,
      phone: '+15550001267',
      // Real codes have five digits from 10000: these never match.
      code: () => `0000${++asked}`,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LoginError);
    expect(err).toMatchObject({ code: 'LOGIN_CODE_INVALID' });
    expect(asked).toBe(3);
    expect(store.exists('main')).toBe(false);

    const before = fake.requests.count('auth.SignIn');
    await expect(login({ ...base, phone: '+15550001267', code: '00000' })).rejects.toMatchObject({
      code: 'LOGIN_CODE_INVALID',
    });
    expect(fake.requests.count('auth.SignIn') - before).toBe(1);
    // A provider that repeats a refused code is not sent again (each try costs an attempt).
    const again = fake.requests.count('auth.SignIn');
    await expect(
      login({ ...base, phone: '+15550001267', code: envProvider('CODE', { CODE: '00000' }) }),
    ).rejects.toMatchObject({ code: 'LOGIN_CODE_INVALID' });
    expect(fake.requests.count('auth.SignIn') - again).toBe(1);
  });

  it('maps an unknown phone number and a missing phone to typed errors', async () => {
    const { base } = await start(plainWorld());
    await expect(login({ ...base, phone: '12', code: never })).rejects.toMatchObject({
      code: 'PHONE_NUMBER_INVALID',
    });
    await expect(login({ ...base, code: never })).rejects.toMatchObject({
      code: 'LOGIN_PHONE_REQUIRED',
    });
  });
});

describe('login with two-step verification', () => {
  it('checks the 2FA password with SRP, asking for it lazily once', async () => {
    const { fake, base } = await start(plainWorld(PASSWORD));
    const asks: AskContext[] = [];
    const result = await login({
      ...base,
      phone: '+15550001267',
      code: async () => fake.login.lastCode!,
      password: async (ctx) => {
        asks.push(ctx);
        return PASSWORD;
      },
    });
    expect(result.account.username).toBe('ada_l');
    expect(asks).toHaveLength(1);
    expect(fake.requests.count('auth.CheckPassword')).toBe(1);
  });

  it('a wrong password fails with LOGIN_PASSWORD_INVALID, a missing one with LOGIN_PASSWORD_REQUIRED', async () => {
    const { fake, store, base } = await start(plainWorld(PASSWORD));
    const wrong = (await login({
      ...base,
      phone: '+15550001267',
      code: async () => fake.login.lastCode!,
      password: 'not the password',
    }).catch((e: unknown) => e)) as LoginError;
    expect(wrong).toBeInstanceOf(LoginError);
    expect(wrong).toMatchObject({ code: 'LOGIN_PASSWORD_INVALID' });
    expect(wrong.message).not.toContain('not the password');
    expect(store.exists('main')).toBe(false);

    const missing = (await login({
      ...base,
      phone: '+15550001267',
      code: async () => fake.login.lastCode!,
    }).catch((e: unknown) => e)) as LoginError;
    expect(missing).toMatchObject({ code: 'LOGIN_PASSWORD_REQUIRED' });
    for (const e of [wrong, missing]) expectNoSecrets(e.message, secretsOf(fake));
    expect(fake.login.authorized).toBe(false);
  });

  it('a function provider is asked again after a wrong password', async () => {
    const { fake, base } = await start(plainWorld(PASSWORD));
    const answers = ['wrong one', PASSWORD];
    const result = await login({
      ...base,
      phone: '+15550001267',
      code: async () => fake.login.lastCode!,
      password: async () => answers.shift()!,
    });
    expect(result.account.id).toBe('4242');
    expect(fake.requests.count('auth.CheckPassword')).toBe(2);
  });
});

describe('login with a QR code', () => {
  it('shows tg://login?token=..., and logs in when the code is scanned', async () => {
    const { fake, store, base } = await start(plainWorld());
    const urls: string[] = [];
    // A clock that never moves: only the accepted-token update can end the wait.
    const clock = createManualClock(Date.now());
    const result = await login({
      ...base,
      qr: true,
      clock,
      onQr: (url, expiresAt) => {
        urls.push(url);
        expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
        fake.login.acceptQrLogin();
      },
    });
    expect(urls).toHaveLength(1);
    expect(urls[0]).toMatch(/^tg:\/\/login\?token=[A-Za-z0-9_-]{43}$/);
    expect(result).toMatchObject({ account: { id: '4242', username: 'ada_l' }, loggedIn: true });
    expect(store.load('main').account).toEqual({ id: '4242', username: 'ada_l' });
  });

  it('shows a fresh token when one expires, then logs in (manual clock, fake DC clock moved)', async () => {
    const { fake, base, statuses } = await start(plainWorld());
    const clock = createManualClock(Date.now());
    const urls: string[] = [];
    const done = login({ ...base, qr: true, clock, onQr: (url) => urls.push(url) });
    await vi.waitFor(() => expect(urls).toHaveLength(1));
    fake.world.advanceClock(31);
    await clock.advance(31_000);
    await vi.waitFor(() => expect(urls).toHaveLength(2));
    expect(urls[1]).not.toBe(urls[0]);
    expect(() =>
      fake.login.acceptQrLogin(Buffer.from(urls[0]!.split('=')[1]!, 'base64url')),
    ).toThrow(/no live QR login token/);
    fake.login.acceptQrLogin();
    await expect(done).resolves.toMatchObject({ account: { username: 'ada_l' } });
    expect(fake.requests.count('auth.ExportLoginToken')).toBe(3);
    expect(statuses.join('\n')).toMatch(/expired; showing a new one/);
  });

  it('times out with LOGIN_TIMEOUT when nobody scans', async () => {
    const { fake, store, base } = await start(plainWorld());
    const clock = createManualClock(Date.now());
    let shown = 0;
    const done = login({ ...base, qr: true, qrTimeoutSec: 40, clock, onQr: () => shown++ });
    const settled = done.catch((e: unknown) => e);
    await vi.waitFor(() => expect(shown).toBe(1));
    fake.world.advanceClock(31);
    await clock.advance(31_000);
    await vi.waitFor(() => expect(shown).toBe(2));
    await clock.advance(10_000);
    expect(await settled).toMatchObject({ code: 'LOGIN_TIMEOUT' });
    expect(store.exists('main')).toBe(false);
  });

  it('stops with LOGIN_ABORTED when the signal aborts while waiting for a scan', async () => {
    const { base, store } = await start(plainWorld());
    const controller = new AbortController();
    const done = login({
      ...base,
      qr: true,
      signal: controller.signal,
      onQr: () => setImmediate(() => controller.abort()),
    });
    await expect(done).rejects.toMatchObject({ code: 'LOGIN_ABORTED' });
    expect(store.exists('main')).toBe(false);
  });

  it('asks for the 2FA password after the QR code is scanned', async () => {
    const { fake, base } = await start(demoWorld());
    const result = await login({
      ...base,
      qr: true,
      onQr: () => fake.login.acceptQrLogin(),
      password: async () => 'demo-2fa',
    });
    expect(result.account).toMatchObject({ id: '100000', username: 'demo_user' });
    expect(fake.requests.count('auth.CheckPassword')).toBe(1);
  });
});

describe('sessions that are already logged in', () => {
  it('returns the stored account without asking anything', async () => {
    const { fake, base } = await start(plainWorld());
    await login({ ...base, phone: '+15550001267', code: async () => fake.login.lastCode! });
    const sentBefore = fake.requests.count('auth.SendCode');
    const again = await login({ ...base, phone: never, code: never, password: never, qr: false });
    expect(again).toMatchObject({ account: { id: '4242', username: 'ada_l' }, loggedIn: false });
    expect(fake.requests.count('auth.SendCode')).toBe(sentBefore);
  });

  it('saves an authorized initial session without asking', async () => {
    const { store, base } = await start(plainWorld(), true);
    const result = await login({ ...base, phone: never, code: never });
    expect(result).toMatchObject({ account: { id: '4242' }, loggedIn: false });
    expect(store.load('main')).toMatchObject({ source: 'login', account: { id: '4242' } });
  });
});

describe('authStatus', () => {
  it('reports a missing session and a logged-out one without throwing', async () => {
    const { fake, store, base } = await start(plainWorld());
    const none = await authStatus(base);
    expect(none).toMatchObject({
      authorized: false,
      session_name: 'main',
      session_path: store.pathOf('main'),
      error: { code: 'SESSION_NOT_FOUND' },
    });
    store.save('main', { session: fake.sessionString, source: 'gramjs-string' });
    const out = await authStatus(base);
    expect(out).toMatchObject({ authorized: false, error: { code: 'NOT_AUTHORIZED' } });
    expect(out.account).toBeUndefined();
    const bad = await authStatus({ ...base, sessionName: '../etc' });
    expect(bad).toMatchObject({
      authorized: false,
      session_path: null,
      error: { code: 'INVALID_INPUT' },
    });
    expectNoSecrets(JSON.stringify([none, out, bad]), secretsOf(fake, store));
  });

  it('names both usernames when the session belongs to another account', async () => {
    const { fake, base } = await start(plainWorld(), true);
    await login({ ...base, phone: never, code: never });
    const status = await authStatus({ ...base, expectedUsername: 'someone_else' });
    expect(status.authorized).toBe(false);
    expect(status.account).toMatchObject({ username: 'ada_l' });
    expect(status.error?.code).toBe('SESSION_MISMATCH');
    expect(status.error?.message).toContain('expected account @someone_else, got @ada_l (id=4242)');
    expectNoSecrets(JSON.stringify(status), secretsOf(fake));
  });

  it('does not connect past an exclusive lock held by a live process, and names it', async () => {
    const { base, store } = await start(plainWorld(), true, 'exclusive');
    await login({ ...base, phone: never, code: never });
    const held = store.open('main');
    try {
      const status = await authStatus(base);
      expect(status).toMatchObject({
        authorized: false,
        lock: { mode: 'exclusive', holder_pid: process.pid },
        error: { code: 'SESSION_LOCKED' },
      });
      await expect(login({ ...base, phone: never, code: never })).rejects.toMatchObject({
        code: 'SESSION_LOCKED',
      });
    } finally {
      held.release();
    }
    expect((await authStatus(base)).authorized).toBe(true);
  });
});

describe('secrets', () => {
  it('stderr (default status and QR output) and stdout carry no code, password, hash or session', async () => {
    const { fake, store, base } = await start(demoWorld());
    const { stderr, stdout } = captureOutput();
    const quiet = { ...base, onStatus: undefined };
    await expect(
      login({
        ...quiet,
        phone: '+10000000000',
        code: async () => fake.login.lastCode!,
        password: 'nope',
      }),
    ).rejects.toMatchObject({ code: 'LOGIN_PASSWORD_INVALID' });
    const secrets = secretsOf(fake);
    await login({
      ...quiet,
      phone: '+10000000000',
      code: async () => fake.login.lastCode!,
      password: 'demo-2fa',
    });
    secrets.push(fake.login.lastCode!, store.load('main').session);
    fake.login.authorized = false; // logged out elsewhere: the stored session is re-logged by QR
    const qr = login({ ...quiet, qr: true, password: 'demo-2fa' });
    await vi.waitFor(() => expect(stderr()).toContain('tg://login?token='));
    fake.login.acceptQrLogin();
    await qr;
    vi.restoreAllMocks();
    expect(stderr()).toMatch(/Logged in as @demo_user/);
    expect(stderr()).toMatch(/[▀▄█]/);
    expect(stdout()).toBe('');
    expectNoSecrets(stderr(), [...secrets, store.load('main').session]);
    expect(readFileSync(store.pathOf('main'), 'utf8')).toContain('"source":"login"');
  });
});

describe('providers', () => {
  it('promptProvider refuses when stdin is not a terminal', async () => {
    const ask = promptProvider('Login code:', { hidden: true, input: new PassThrough() });
    await expect(
      typeof ask === 'function' ? ask({ attempt: 1, retry: false }) : ask,
    ).rejects.toMatchObject({ code: 'LOGIN_INPUT_UNAVAILABLE', message: /not a terminal/ });
  });

  it('promptProvider reads a hidden answer from a terminal and does not echo it', async () => {
    const input = Object.assign(new PassThrough(), { isTTY: true });
    const output = new PassThrough();
    let written = '';
    output.on('data', (c: Buffer) => (written += c.toString()));
    const ask = promptProvider('2FA password:', { hidden: true, input, output });
    if (typeof ask !== 'function') throw new Error('expected a function');
    const answer = ask({ attempt: 2, retry: true, hint: 'pet' });
    setImmediate(() => input.write('s3cret-pw\n'));
    await expect(answer).resolves.toBe('s3cret-pw');
    expect(written).toContain('That was not accepted. 2FA password: (hint: pet)');
    expect(written).not.toContain('s3cret-pw');
  });

  it('envProvider reads a variable and names a missing one', async () => {
    const p = envProvider('TG_LOGIN_CODE', { TG_LOGIN_CODE: '12345' });
    if (typeof p !== 'function') throw new Error('expected a function');
    expect(await p({ attempt: 1, retry: false })).toBe('12345');
    const missing = envProvider('TG_LOGIN_CODE', {});
    if (typeof missing !== 'function') throw new Error('expected a function');
    expect(() => missing({ attempt: 1, retry: false })).toThrow(/TG_LOGIN_CODE is not set/);
  });
});
