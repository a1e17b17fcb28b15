// Sessions encrypted at rest, through the built server over stdio (real MCP SDK client, real
// gramjs, the testkit's DC): an encrypted session serves tool calls and its file holds no session
// string or auth key; a plaintext one is encrypted on first start; a wrong key is a clear error
// that leaves the file alone; doctor and status report the encryption.
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { SessionKey } from '@tgmcp/telegram';
import { describe, expect, it } from 'vitest';
import { type Started, cliEnv, errorOf, runCli as run, startServer } from './harness.js';

const KEY_HEX = randomBytes(32).toString('hex');
const KEY = SessionKey.raw(Buffer.from(KEY_HEX, 'hex'), 'TG_SESSION_KEY');
const WRONG_HEX = randomBytes(32).toString('hex');

const sessionFile = (s: Started) => path.join(s.dataDir, 'sessions', 'main.session');

/** The file must not hold the session string or any form of its 256-byte auth key. */
function expectNoSecretsOnDisk(s: Started) {
  const text = readFileSync(sessionFile(s), 'utf8');
  const raw = Buffer.from(s.fake.sessionString.slice(1), 'base64');
  const authKey = raw.subarray(raw.length - 256);
  expect(authKey).toHaveLength(256);
  expect(text).not.toContain(s.fake.sessionString.slice(1, 40));
  for (const enc of ['base64', 'hex', 'latin1'] as const)
    expect(text).not.toContain(authKey.subarray(0, 24).toString(enc));
  expect(readFileSync(sessionFile(s)).includes(authKey.subarray(0, 24))).toBe(false);
  expect(JSON.parse(text)).toMatchObject({ format: 'tgmcp-session', version: 2 });
}

async function dialogs(s: Started) {
  return s.client.callTool({ name: 'tg_get_my_dialogs', arguments: { limit: 5 } });
}

describe('sessions encrypted at rest (tgmcp-read over stdio)', { timeout: 90_000 }, () => {
  it('an encrypted session serves tool calls; the file holds no session string or auth key', async () => {
    const s = await startServer({ sessionKey: KEY, env: { TG_SESSION_KEY: KEY_HEX } });
    expectNoSecretsOnDisk(s);
    const r = await dialogs(s);
    expect(r.isError).toBeFalsy();
    expect(JSON.stringify(r.structuredContent)).toContain('dialogs');
    expectNoSecretsOnDisk(s);
    expect(s.stderr()).not.toContain(KEY_HEX);
    expect(s.protocolErrors).toEqual([]);
  });

  it('a plaintext session is encrypted on first start, its backup removed', async () => {
    const s = await startServer({ env: { TG_SESSION_KEY: KEY_HEX } });
    expect(JSON.parse(readFileSync(sessionFile(s), 'utf8'))).toMatchObject({ version: 1 });
    expect((await dialogs(s)).isError).toBeFalsy();
    expectNoSecretsOnDisk(s);
    expect(readdirSync(path.dirname(sessionFile(s)))).toEqual(['main.session']);
    expect(s.stderr()).toMatch(/session 'main' was stored in plaintext; it is now encrypted/);
    // The key it was migrated with reads it back.
    const st = await run(['status', '--json'], cliEnv(s, { TG_SESSION_KEY: KEY_HEX }));
    expect(JSON.parse(st.stdout)).toMatchObject({ authorized: true, session_file: 'encrypted' });
  });

  it('a wrong key: SESSION_KEY_WRONG naming the session and the variable; the file untouched', async () => {
    const s = await startServer({ sessionKey: KEY, env: { TG_SESSION_KEY: WRONG_HEX } });
    const file = sessionFile(s);
    utimesSync(file, new Date(1_000_000_000_000), new Date(1_000_000_000_000));
    const bytes = readFileSync(file);
    const mtimeMs = statSync(file).mtimeMs;
    const err = errorOf(await dialogs(s));
    expect(err.code).toBe('SESSION_KEY_WRONG');
    expect(err.message).toMatch(
      /Session 'main' is encrypted with a different key than TG_SESSION_KEY/,
    );
    expect(err.message).not.toContain(WRONG_HEX);
    const auth = await s.client.callTool({ name: 'tg_auth_status', arguments: {} });
    expect(JSON.stringify(auth)).toContain('SESSION_KEY_WRONG');
    expect(readFileSync(file)).toEqual(bytes);
    expect(statSync(file).mtimeMs).toBe(mtimeMs);
    expect(readdirSync(path.dirname(file))).toEqual(['main.session']);
  });

  it('a malformed key stops the server at startup, naming the variable and not the value', async () => {
    const r = await run(['status'], { TG_SESSION_KEY: 'hunter2hunter2' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/TG_SESSION_KEY: must be 32 random bytes/);
    expect(r.stdout + r.stderr).not.toContain('hunter2hunter2');
  });

  it('doctor reports plaintext, encrypted, and a key that does not open the session', async () => {
    const s = await startServer();
    const plain = await run(['doctor'], cliEnv(s));
    expect(plain.stdout).toMatch(/^warn\s+encryption\s+sessions are stored in plaintext/m);
    expect(plain.stdout).toMatch(/fix: set TG_SESSION_KEY/);

    const keyed = await run(['doctor'], cliEnv(s, { TG_SESSION_KEY: KEY_HEX }));
    expect(keyed.stdout).toMatch(/^ok\s+session\s+main: @demo_user/m);
    expect(keyed.stdout).toMatch(
      /^ok\s+encryption\s+1 session\(s\) encrypted \(AES-256-GCM, key from TG_SESSION_KEY\)/m,
    );
    expectNoSecretsOnDisk(s);

    const wrong = await run(['doctor'], cliEnv(s, { TG_SESSION_KEY: WRONG_HEX }));
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/^fail\s+session\s+main: SESSION_KEY_WRONG/m);
    const none = await run(['doctor'], cliEnv(s));
    expect(none.stdout).toMatch(
      /^fail\s+encryption\s+sessions main are encrypted and no session key is set/m,
    );
    for (const out of [plain, keyed, wrong, none])
      expect(out.stdout + out.stderr).not.toMatch(new RegExp(`${KEY_HEX}|${WRONG_HEX}`));
    const st = await run(['status'], cliEnv(s, { TG_SESSION_KEY: KEY_HEX }));
    expect(st.stdout).toMatch(/^session main: logged in as @demo_user.*; encrypted at rest$/m);
  });
});
