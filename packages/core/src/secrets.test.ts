import { describe, expect, it } from 'vitest';
import { REDACTED, createSecretRegistry } from './secrets.js';

describe('createSecretRegistry', () => {
  it('replaces every occurrence, the longest secret first', () => {
    const s = createSecretRegistry();
    s.add('abcdef');
    s.add('abcdefghij');
    expect(s.redact('x abcdefghij y abcdef z abcdef')).toBe(
      `x ${REDACTED} y ${REDACTED} z ${REDACTED}`,
    );
  });

  it('ignores values shorter than 6 characters, blanks and non-strings, and adds the trimmed form', () => {
    const s = createSecretRegistry();
    s.add('abcde');
    s.add('      ');
    s.add(undefined);
    s.add(null);
    expect(s.size).toBe(0);
    s.add('  hunter22  ');
    expect(s.size).toBe(2);
    expect(s.redact('pw hunter22.')).toBe(`pw ${REDACTED}.`);
    expect(s.redact('abcde')).toBe('abcde');
  });
});
