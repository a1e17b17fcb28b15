import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalJson, canonicalPeerId, payloadHash } from '../index.js';

describe('canonicalJson', () => {
  it("matches Python's json.dumps(sort_keys=True, separators=(',', ':'), ensure_ascii=False)", () => {
    // python3 -c 'import json;print(json.dumps({"target":"club","action":"send_message","text":"Привет, мир ✓","n":[1,2.5,None,True]},sort_keys=True,separators=(",",":"),ensure_ascii=False))'
    const value = {
      target: 'club',
      action: 'send_message',
      text: 'Привет, мир ✓',
      n: [1, 2.5, null, true],
    };
    expect(canonicalJson(value)).toBe(
      '{"action":"send_message","n":[1,2.5,null,true],"target":"club","text":"Привет, мир ✓"}',
    );
  });

  it('ignores key order and undefined members, sorts nested objects', () => {
    expect(canonicalJson({ b: { y: 1, x: 2 }, a: undefined, c: 'q"\n' })).toBe(
      '{"b":{"x":2,"y":1},"c":"q\\"\\n"}',
    );
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/finite/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/plain JSON/);
    expect(() => canonicalJson({ b: 1n })).toThrow(/bigint/);
  });
});

describe('payloadHash', () => {
  const base = {
    account: '1',
    action: 'send_message',
    target: '-1001234',
    payload: { text: 'hi' },
  };

  it('is sha256 of the canonical tuple', () => {
    const expected = createHash('sha256')
      .update('{"account":"1","action":"send_message","payload":{"text":"hi"},"target":"-1001234"}')
      .digest('hex');
    expect(payloadHash(base)).toBe(expected);
  });

  it('binds account, action, target and payload', () => {
    const h = payloadHash(base);
    expect(payloadHash({ ...base, account: '2' })).not.toBe(h);
    expect(payloadHash({ ...base, action: 'send_file' })).not.toBe(h);
    expect(payloadHash({ ...base, target: '-1005678' })).not.toBe(h);
    expect(payloadHash({ ...base, payload: { text: 'hi!' } })).not.toBe(h);
    expect(payloadHash({ ...base, target: '+0-1001234'.slice(2) })).toBe(h);
  });

  it('canonical peer ids drop signs and zeros that do not change the id', () => {
    expect(canonicalPeerId('+42')).toBe('42');
    expect(canonicalPeerId(' 0042 ')).toBe('42');
    expect(canonicalPeerId(-1001234n)).toBe('-1001234');
    expect(() => canonicalPeerId('@club')).toThrow(/numeric/);
    expect(() => canonicalPeerId('0')).toThrow();
  });
});
