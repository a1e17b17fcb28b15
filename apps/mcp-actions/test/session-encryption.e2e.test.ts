// The actions server opens its session through the same store: a plaintext session is encrypted
// on first use, and a wrong key is SESSION_KEY_WRONG with the session file untouched.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { SessionKey, createSessionStore } from '@tgmcp/telegram';
import { type FakeTelegram, demoWorld, startFakeTelegram } from '@tgmcp/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, startActions } from './harness.js';

const KEY_HEX = randomBytes(32).toString('hex');
const preview = { group: '@oss_hackers', message_text: 'hello' };

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

describe('tgmcp-actions with sessions encrypted at rest', { timeout: 90_000 }, () => {
  it('encrypts a plaintext session on first use; a preview works', async () => {
    const a = await startActions({ env: { TG_SESSION_KEY: KEY_HEX } });
    const file = path.join(a.dataDir, 'sessions', 'main.session');
    expect(readFileSync(file, 'utf8')).toContain(a.fake.sessionString);
    const r = await a.client.callTool({ name: 'tg_send_message', arguments: preview });
    expect(r.isError).toBeFalsy();
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 'tgmcp-session', version: 2 });
    expect(text).not.toContain(a.fake.sessionString.slice(1, 40));
    expect(readdirSync(path.dirname(file))).toEqual(['main.session']);
  });

  it('a wrong key: SESSION_KEY_WRONG, the file byte-identical', async () => {
    const fake: FakeTelegram = await startFakeTelegram({ world: demoWorld() });
    cleanup.push(() => fake.close());
    const dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-actions-enc-'));
    cleanup.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const key = SessionKey.raw(randomBytes(32), 'TG_SESSION_KEY');
    const store = createSessionStore({ dataDir, key });
    store.save('main', { session: fake.sessionString, source: 'test' });
    const file = store.pathOf('main');
    utimesSync(file, new Date(1_000_000_000_000), new Date(1_000_000_000_000));
    const bytes = readFileSync(file);
    const a = await startActions({ fake, dataDir, env: { TG_SESSION_KEY: KEY_HEX } });
    const err = errorOf(await a.client.callTool({ name: 'tg_send_message', arguments: preview }));
    expect(err.code).toBe('SESSION_KEY_WRONG');
    expect(err.message).toMatch(/Session 'main'.*TG_SESSION_KEY/);
    expect(readFileSync(file)).toEqual(bytes);
    expect(statSync(file).mtimeMs).toBe(1_000_000_000_000);
  });
});
