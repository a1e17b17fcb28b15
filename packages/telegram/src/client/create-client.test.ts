// gramjs's log lines go through the tgmcp logger: stderr only, `[gramjs]`, and the secrets of
// every client made by createGramClient redacted.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LogLevel } from 'telegram/extensions/Logger.js';
import { StderrLogger, createGramClient } from './create-client.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => {
    out.push(String(c));
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    err.push(String(c));
    return true;
  });
  return { stdout: () => out.join(''), stderr: () => err.join('') };
}

afterEach(() => vi.restoreAllMocks());

describe('StderrLogger', () => {
  it('writes gramjs lines to stderr with the [gramjs] prefix, never to stdout', () => {
    const { stdout, stderr } = capture();
    const logger = new StderrLogger(LogLevel.DEBUG);
    logger.error('Connection closed');
    logger.warn('Reconnecting');
    expect(stderr()).toBe('[gramjs] error: Connection closed\n[gramjs] warning: Reconnecting\n');
    expect(stdout()).toBe('');
  });

  it("keeps gramjs's own level: below it nothing is written", () => {
    const { stderr } = capture();
    new StderrLogger(LogLevel.ERROR).info('Connecting to 1.2.3.4');
    expect(stderr()).toBe('');
  });

  it('redacts the api hash, session and proxy password of the clients made', () => {
    const apiHash = '00112233445566778899aabbccddeeff';
    const password = 'socks-pa55word';
    createGramClient({
      apiId: 1,
      apiHash,
      session: '',
      proxy: {
        kind: 'socks',
        variable: 'TG_PROXY',
        version: 5,
        host: 'h',
        port: 1080,
        username: 'u',
        password,
      },
    });
    const { stderr } = capture();
    new StderrLogger(LogLevel.ERROR).error(`auth failed for u:${password} (api hash ${apiHash})`);
    expect(stderr()).toBe('[gramjs] error: auth failed for u:[redacted] (api hash [redacted])\n');
  });
});
