import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { resolveCredentials } from './secrets.js';
import { loadSessionKey } from './session-key.js';
import { loadTelegramConfig } from './telegram-config.js';

const HEX = 'a3'.repeat(16) + '5c'.repeat(16);
const B64 = Buffer.from(HEX, 'hex').toString('base64');
const base = { HOME: '/home/ada', TG_API_ID: '12345', TG_API_HASH: '0123456789abcdef'.repeat(2) };

function errorOf(fn: () => unknown): Error & { variable?: string } {
  try {
    fn();
  } catch (e) {
    return e as Error & { variable?: string };
  }
  throw new Error('did not throw');
}

describe('TG_SESSION_KEY / TG_SESSION_PASSPHRASE', () => {
  it('unset: no key (sessions stay plaintext)', () => {
    expect(loadSessionKey({})).toBeUndefined();
    expect(loadSessionKey({ TG_SESSION_KEY: ' ', TG_SESSION_PASSPHRASE: '' })).toBeUndefined();
    expect(loadTelegramConfig(base).sessionKey).toBeUndefined();
  });

  it.each([HEX, HEX.toUpperCase(), B64, B64.replace(/=$/, ''), ` ${HEX}\n`])(
    'accepts 32 bytes as hex or base64 (%j)',
    (value) => {
      const key = loadSessionKey({ TG_SESSION_KEY: value });
      expect(key).toMatchObject({ kind: 'raw', variable: 'TG_SESSION_KEY' });
    },
  );

  it.each([
    'abc',
    HEX.slice(2),
    `${HEX}00`,
    'z'.repeat(64),
    '00'.repeat(32),
    'passphrase:hunter22',
  ])('rejects %j naming the variable, never echoing the value', (value) => {
    const err = errorOf(() => loadTelegramConfig({ ...base, TG_SESSION_KEY: value }));
    expect(err.variable).toBe('TG_SESSION_KEY');
    expect(err.message).toMatch(/^TG_SESSION_KEY: must be 32 random bytes/);
    expect(err.message).not.toContain(value);
  });

  it('a passphrase of at least 8 characters; never both', () => {
    expect(loadSessionKey({ TG_SESSION_PASSPHRASE: 'long enough' })).toMatchObject({
      kind: 'passphrase',
      variable: 'TG_SESSION_PASSPHRASE',
    });
    const short = errorOf(() => loadSessionKey({ TG_SESSION_PASSPHRASE: 'short' }));
    expect(short.variable).toBe('TG_SESSION_PASSPHRASE');
    expect(short.message).not.toContain('short"');
    const both = errorOf(() =>
      loadSessionKey({ TG_SESSION_KEY: HEX, TG_SESSION_PASSPHRASE: 'long enough' }),
    );
    expect(both.message).toMatch(/either TG_SESSION_KEY or it/);
  });

  it('the key never shows in JSON or inspect output of the config', () => {
    const config = loadTelegramConfig({ ...base, TG_SESSION_KEY: HEX });
    const pass = loadTelegramConfig({ ...base, TG_SESSION_PASSPHRASE: 'my secret phrase' });
    for (const shown of [
      JSON.stringify(config),
      inspect(config, { depth: 9 }),
      String(config.sessionKey),
    ]) {
      expect(shown).not.toContain(HEX);
      expect(shown).not.toContain('a3a3');
      expect(shown).toContain('TG_SESSION_KEY');
    }
    expect(JSON.stringify(pass) + inspect(pass, { depth: 9 })).not.toContain('my secret phrase');
  });
});

describe('the session key from TG_SECRET_PROVIDER', () => {
  it('command: TG_SECRET_CMD_SESSION_KEY is run when TG_SESSION_KEY is unset', async () => {
    const env = {
      ...base,
      TG_SECRET_PROVIDER: 'command',
      TG_SECRET_CMD_SESSION_KEY: 'pass show tgmcp/session-key',
    };
    const calls: string[][] = [];
    const config = await resolveCredentials(loadTelegramConfig(env), env, async (file, args) => {
      calls.push([file, ...args]);
      return HEX;
    });
    expect(calls).toEqual([['pass', 'show', 'tgmcp/session-key']]);
    expect(config.sessionKey).toMatchObject({ kind: 'raw', variable: 'TG_SECRET_CMD_SESSION_KEY' });
    // TG_SESSION_KEY wins, and the provider is not asked.
    const direct = await resolveCredentials(
      loadTelegramConfig({ ...env, TG_SESSION_KEY: B64 }),
      env,
      async () => {
        throw new Error('not asked');
      },
    );
    expect(direct.sessionKey?.variable).toBe('TG_SESSION_KEY');
    // A bad answer names the variable.
    await expect(
      resolveCredentials(loadTelegramConfig(env), env, async () => 'nope'),
    ).rejects.toMatchObject({ variable: 'TG_SECRET_CMD_SESSION_KEY' });
  });

  it('keychain: only when TG_KEYCHAIN_ACCOUNT_SESSION_KEY is set', async () => {
    const env = { ...base, TG_SECRET_PROVIDER: 'keychain' };
    const none = await resolveCredentials(loadTelegramConfig(env), env, async () => {
      throw new Error('not asked');
    });
    expect(none.sessionKey).toBeUndefined();
    const withAccount = { ...env, TG_KEYCHAIN_ACCOUNT_SESSION_KEY: 'tgmcp-session' };
    const calls: string[][] = [];
    const config = await resolveCredentials(
      loadTelegramConfig(withAccount),
      withAccount,
      async (file, args) => {
        calls.push([file, ...args]);
        return B64;
      },
    );
    expect(calls[0]).toEqual([
      'security',
      'find-generic-password',
      '-s',
      'tg-mcp',
      '-a',
      'tgmcp-session',
      '-w',
    ]);
    expect(config.sessionKey?.variable).toBe('TG_KEYCHAIN_ACCOUNT_SESSION_KEY');
  });
});
