import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ConfigError,
  absolutePath,
  bool,
  csv,
  int,
  isSecretVariable,
  number,
  oneOf,
  read,
  registerEnvSecrets,
} from './env.js';
import { createSecretRegistry } from './secrets.js';

function thrown(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('read', () => {
  it('unset or blank is undefined; a value parses', () => {
    expect(read({}, 'TG_X', bool)).toBeUndefined();
    expect(read({ TG_X: '  ' }, 'TG_X', bool)).toBeUndefined();
    expect(read({ TG_X: ' Yes ' }, 'TG_X', bool)).toBe(true);
    expect(read({ TG_X: 'off' }, 'TG_X', bool)).toBe(false);
  });

  it('a bad value is a ConfigError naming the variable, showing a non-secret value', () => {
    const err = thrown(() => read({ TG_ACTIONS_ENABLED: 'enable' }, 'TG_ACTIONS_ENABLED', bool));
    expect(err.variable).toBe('TG_ACTIONS_ENABLED');
    expect(err.code).toBe('INVALID_CONFIG');
    expect(err.message).toBe(
      'TG_ACTIONS_ENABLED: must be one of 1/0/true/false/yes/no/on/off (got "enable")',
    );
  });

  it.each([
    ['TG_API_HASH', 'not-hex-but-secret'],
    ['TG_SESSION_KEY', 'short-key-value'],
    ['TG_SESSION_PASSPHRASE', 'correct horse'],
    ['TG_SESSION_STRING', '1BQANOTAREALSESSION'],
    ['TG_ACTIONS_CONFIRMATION_PHRASE', 'send-it-now'],
    ['TG_LOGIN_PASSWORD', 'hunter2hunter2'],
    ['TG_LOGIN_CODE', '12345x'],
    ['TG_LOGIN_PHONE', '+15550001111'],
    ['TG_PROXY', 'socks5://u:pa55word@h'],
    ['TG_MTPROXY', 'h:443:zzzzsecret'],
    ['TG_REDIS_URL', 'redis://:redispass@h'],
    ['TG_BOT_TOKEN', '123:tokentoken'],
    ['TG_SECRET_CMD_API_HASH', 'pass show tg'],
  ])('never echoes the value of %s', (name, value) => {
    expect(isSecretVariable(name)).toBe(true);
    const err = thrown(() => read({ [name]: value }, name, z.string().regex(/^0x$/, 'is bad')));
    expect(err.variable).toBe(name);
    expect(err.message).toBe(`${name}: is bad`);
    expect(err.message).not.toContain(value.trim());
  });

  it('ordinary variables are not secret', () => {
    for (const name of [
      'TG_DATA_DIR',
      'RATE_RPS',
      'TG_ACTIONS_ENABLED',
      'TG_READ_ALLOW_PHONES',
      // Where secrets come from: a provider name and keychain names, not secrets themselves.
      'TG_SECRET_PROVIDER',
      'TG_KEYCHAIN_SERVICE',
      'TG_KEYCHAIN_ACCOUNT_API_HASH',
    ])
      expect(isSecretVariable(name), name).toBe(false);
  });

  it("throws a package's own subclass when given a factory", () => {
    class PolicyConfigError extends ConfigError {}
    const err = thrown(() =>
      read({ N: 'x' }, 'N', int(1, 5), (v, m) => new PolicyConfigError(v, m)),
    );
    expect(err).toBeInstanceOf(PolicyConfigError);
    expect(err.message).toBe('N: must be a whole number from 1 to 5 (got "x")');
  });
});

describe('parsers', () => {
  const parse = <T>(schema: z.ZodType<T>, v: string) => read({ V: v }, 'V', schema);

  it('int: decimal whole numbers in range; one wording', () => {
    expect(parse(int(0, 3600), ' 30 ')).toBe(30);
    expect(parse(int(-5, 5), '-5')).toBe(-5);
    for (const bad of ['12.5', '1e3', '0x10', 'Infinity', '3601', '-1', 'lots', '9007199254740993'])
      expect(() => parse(int(0, 3600), bad), bad).toThrow(
        'V: must be a whole number from 0 to 3600',
      );
  });

  it('number: decimals with optional bounds', () => {
    expect(parse(number({ min: 0.1, max: 1000 }), '2.5')).toBe(2.5);
    expect(parse(number({ min: 0.1, max: 1000 }), '.5')).toBe(0.5);
    expect(() => parse(number({ min: 0.1, max: 1000 }), '0.01')).toThrow(
      'V: must be a number from 0.1 to 1000 (got "0.01")',
    );
    expect(() => parse(number({ int: true, min: 1 }), '0')).toThrow(
      'V: must be a whole number >= 1',
    );
    expect(() => parse(number({ max: 3 }), '4')).toThrow('V: must be a number <= 3');
    expect(() => parse(number(), 'NaN')).toThrow('V: must be a number (got "NaN")');
  });

  it('oneOf: trimmed, case-insensitive', () => {
    expect(parse(oneOf(['shared', 'local'] as const), ' LOCAL ')).toBe('local');
    expect(() => parse(oneOf(['shared', 'local'] as const), 'everywhere')).toThrow(
      'V: must be one of shared, local (got "everywhere")',
    );
  });

  it('absolutePath: absolute or ~/, normalized', () => {
    expect(parse(absolutePath('/home/u'), '~/data/../tg')).toBe('/home/u/tg');
    expect(parse(absolutePath('/home/u'), '~')).toBe('/home/u');
    expect(parse(absolutePath('/home/u'), ' /srv//tg/ ')).toBe('/srv/tg/');
    expect(() => parse(absolutePath('/home/u'), 'relative/dir')).toThrow(
      'V: must be an absolute path or start with ~/ (got "relative/dir")',
    );
  });

  it('csv: trimmed, blanks dropped', () => {
    expect(csv({ L: ' a, ,b ,,c' }, 'L')).toEqual(['a', 'b', 'c']);
    expect(csv({}, 'L')).toEqual([]);
  });
});

describe('registerEnvSecrets', () => {
  it("registers secret variables' values and a URL's password, nothing else", () => {
    const secrets = createSecretRegistry();
    registerEnvSecrets(
      {
        TG_API_HASH: '0123456789abcdef0123456789abcdef',
        TG_PROXY: 'socks5://user:p%40ssword@proxy.lan:1080',
        TG_DATA_DIR: '/srv/tgmcp-data',
        TG_SECRET_PROVIDER: 'keychain',
        TG_KEYCHAIN_ACCOUNT_API_HASH: 'TG_API_HASH',
        TG_SESSION_KEY: undefined,
      },
      secrets,
    );
    const line = secrets.redact(
      'hash 0123456789abcdef0123456789abcdef pass p@ssword dir /srv/tgmcp-data keychain TG_API_HASH',
    );
    expect(line).toBe('hash [redacted] pass [redacted] dir /srv/tgmcp-data keychain TG_API_HASH');
  });
});
