/* eslint-disable no-control-regex -- these tests look for raw control characters on purpose */
import { describe, expect, it } from 'vitest';
import { approvalScreen } from './approval-screen.js';
import { forbiddenCharacter, framed, inert, inertJson, textFacts } from './inert.js';

const ESC = '\u001b';

describe('inert rendering', () => {
  it('the forged screen of the review shows every byte that acts', () => {
    const forged = `PHISHING: log in at evil.example${ESC}[2K${ESC}[1A\r${ESC}[2Ksend this message (43 characters): Release 1.2 is out`;
    const shown = inert(forged);
    expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
    expect(shown).toContain('PHISHING');
    expect(shown).toContain('\\u{1b}[2K\\u{1b}[1A\\r\\u{1b}[2K');
  });

  it('bidi overrides, zero-width, tags, odd spaces and lone surrogates become visible', () => {
    for (const [ch, esc] of [
      ['\u202e', '\\u{202e}'],
      ['\u2066', '\\u{2066}'],
      ['\u200b', '\\u{200b}'],
      ['\u200d', '\\u{200d}'],
      ['\ufeff', '\\u{feff}'],
      ['\u{e0041}', '\\u{e0041}'],
      ['\u00a0', '\\u{a0}'],
      ['\u3164', '\\u{3164}'],
      ['\u2028', '\\u{2028}'],
      ['\ud800', '\\u{d800}'],
      ['\u0085', '\\u{85}'],
    ]) {
      expect(inert(`a${ch}b`)).toBe(`a${esc}b`);
    }
    expect(inert('plain text, ünïcode, 日本語, emoji 🎉')).toBe(
      'plain text, ünïcode, 日本語, emoji 🎉',
    );
  });

  it('a typed escape cannot pass for a real one: backslashes are doubled', () => {
    expect(inert('\\u{1b}')).toBe('\\\\u{1b}');
    expect(inert(`${ESC}`)).not.toBe(inert('\\u{1b}'));
  });

  it('newlines are kept only inside a frame; every line carries it', () => {
    expect(framed('one\ntwo\r\nthree')).toBe('  | one\n  | two\\r\n  | three');
    expect(inert('a\nb')).toBe('a\\nb');
  });

  it('inert JSON stays JSON and carries no raw hidden character', () => {
    const value = { text: `x\u202ey${ESC}z\u200b` };
    const json = inertJson(value);
    expect(JSON.parse(json)).toEqual(value);
    expect(json).not.toMatch(/[\u0000-\u001f\u202e\u200b]/);
  });

  it('outgoing texts: controls and bidi overrides are named; RTL marks and emoji joiners pass', () => {
    expect(forbiddenCharacter(`ok${ESC}[2K`)).toEqual({ index: 2, codePoint: 'U+001B' });
    expect(forbiddenCharacter('abc\u202edef')).toEqual({ index: 3, codePoint: 'U+202E' });
    expect(forbiddenCharacter('line\r\n')).toEqual({ index: 4, codePoint: 'U+000D' });
    expect(forbiddenCharacter('a\u0085')).toEqual({ index: 1, codePoint: 'U+0085' });
    expect(forbiddenCharacter('שלום\u200f ok\n\tfamily 👨‍👩‍👧 ❤️')).toBeNull();
  });

  it('the approval screen shows the whole stored text with its length and hash, never a prefix', () => {
    const text = `${'long line '.repeat(100)}\nEND-OF-TEXT\u202e`;
    const screen = approvalScreen({
      requestId: 'apr_0123456789abcdef',
      account: '100000',
      action: 'send_message',
      target: { id: '-1001', type: 'supergroup', title: `Club${ESC}[2K` },
      payload: { text },
      payloadHash: 'a'.repeat(64),
      summary: text.slice(0, 500),
      forceResend: false,
      createdAt: 0,
      expiresAt: 0,
      executeAfter: 0,
      status: 'pending',
      approver: null,
      decidedAt: null,
      usedAt: null,
      codeIssued: false,
      inUse: false,
    });
    expect(screen).toContain('END-OF-TEXT\\u{202e}');
    expect(screen).toContain(textFacts(text).line);
    expect(screen).toContain('Club\\u{1b}[2K');
    expect(screen).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u202e]/);
  });
});
