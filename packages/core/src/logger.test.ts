import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, logLevelFromEnv, setDefaultLogLevel } from './logger.js';
import { ConfigError } from './env.js';
import { createSecretRegistry, registerSecret } from './secrets.js';

/** Captures what reaches the real process streams while `fn` runs. */
function captureStreams(fn: () => void): { stdout: string; stderr: string } {
  const out: string[] = [];
  const err: string[] = [];
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out.push(String(c));
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err.push(String(c));
    return true;
  });
  try {
    fn();
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  return { stdout: out.join(''), stderr: err.join('') };
}

afterEach(() => setDefaultLogLevel('info'));

describe('createLogger', () => {
  it('writes every level and print to stderr, never to stdout', () => {
    const { stdout, stderr } = captureStreams(() => {
      const log = createLogger({ name: 'tgmcp-read', level: 'debug' });
      log.error('e1');
      log.warn('w1');
      log.info('ready on stdio');
      log.debug('d1');
      log.print('Scan it in Telegram');
      log.withName('gramjs').error('boom');
    });
    expect(stdout).toBe('');
    expect(stderr).toBe(
      [
        '[tgmcp-read] error: e1',
        '[tgmcp-read] warning: w1',
        '[tgmcp-read] ready on stdio',
        '[tgmcp-read] debug: d1',
        'Scan it in Telegram',
        '[gramjs] error: boom',
        '',
      ].join('\n'),
    );
  });

  it('respects its level: below it nothing is written; print is always written', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (t) => lines.push(t) });
    log.debug('d');
    log.info('i');
    log.warn('w');
    log.error('e');
    log.print('p');
    expect(lines).toEqual(['warning: w\n', 'error: e\n', 'p\n']);
    expect(log.enabled('info')).toBe(false);
    expect(log.enabled('error')).toBe(true);
  });

  it('follows the process default level when given none', () => {
    const lines: string[] = [];
    const log = createLogger({ name: 'x', write: (t) => lines.push(t) });
    log.debug('hidden');
    setDefaultLogLevel('debug');
    log.debug('shown');
    setDefaultLogLevel('error');
    log.warn('hidden too');
    expect(lines).toEqual(['[x] debug: shown\n']);
    expect(() => setDefaultLogLevel('loud' as 'info')).toThrow(TypeError);
  });

  it('redacts registered secrets (6 characters and more) in every line, print included', () => {
    const secrets = createSecretRegistry();
    const lines: string[] = [];
    const log = createLogger({ name: 'n', secrets, write: (t) => lines.push(t) });
    const hash = '0123456789abcdef0123456789abcdef';
    secrets.add(hash);
    secrets.add('12345'); // too short: would mangle ordinary numbers
    log.warn(`login failed with api hash ${hash} (id 12345)`);
    log.print(`hash=${hash}`);
    expect(lines).toEqual([
      '[n] warning: login failed with api hash [redacted] (id 12345)\n',
      'hash=[redacted]\n',
    ]);
    expect(lines.join('')).not.toContain(hash);
  });

  it('uses the process registry by default', () => {
    const secret = 'proxy-pass-only-in-this-test';
    registerSecret(secret);
    const { stderr } = captureStreams(() => createLogger().error(`socks said ${secret}`));
    expect(stderr).toBe('error: socks said [redacted]\n');
  });
});

describe('logLevelFromEnv', () => {
  it('reads TG_LOG_LEVEL, falls back when unset, names the variable when invalid', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({}, 'warn')).toBe('warn');
    expect(logLevelFromEnv({ TG_LOG_LEVEL: ' DEBUG ' })).toBe('debug');
    expect(() => logLevelFromEnv({ TG_LOG_LEVEL: 'verbose' })).toThrow(ConfigError);
    expect(() => logLevelFromEnv({ TG_LOG_LEVEL: 'verbose' })).toThrow(
      'TG_LOG_LEVEL: must be one of error, warn, info, debug (got "verbose")',
    );
  });
});
