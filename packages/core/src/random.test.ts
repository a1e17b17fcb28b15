import { describe, expect, it } from 'vitest';
import {
  createSeededRandom,
  randomFraction,
  randomHex,
  systemRandom,
  token,
  type Random,
} from './random.js';

const fixed = (bytes: number[]): Random => ({ bytes: (n) => Uint8Array.from(bytes.slice(0, n)) });

describe('random', () => {
  it('systemRandom gives the bytes asked for, different each time', () => {
    const a = systemRandom.bytes(16);
    expect(a).toHaveLength(16);
    expect(Buffer.from(a).equals(Buffer.from(systemRandom.bytes(16)))).toBe(false);
  });

  it('token and randomHex encode the injected bytes', () => {
    const r = fixed([0xfb, 0xff, 0x00, 0x01]);
    expect(token(r, 3)).toBe('-_8A');
    expect(randomHex(r, 4)).toBe('fbff0001');
  });

  it('randomFraction spans [0, 1) from 53 bits', () => {
    expect(randomFraction(fixed([0, 0, 0, 0, 0, 0, 0]))).toBe(0);
    const max = randomFraction(fixed([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]));
    expect(max).toBeLessThan(1);
    expect(max).toBeGreaterThan(0.9999999);
    expect(randomFraction(fixed([0x10, 0, 0, 0, 0, 0, 0]))).toBe(0.5);
    expect(() => randomFraction(fixed([1, 2]))).toThrow(/too few bytes/);
  });

  it('createSeededRandom repeats for a seed, differs across seeds, any length', () => {
    const a = createSeededRandom('s');
    const b = createSeededRandom('s');
    const first = Buffer.from(a.bytes(40));
    expect(first.equals(Buffer.from(b.bytes(40)))).toBe(true);
    expect(Buffer.from(a.bytes(40)).equals(first)).toBe(false);
    expect(Buffer.from(createSeededRandom('t').bytes(40)).equals(first)).toBe(false);
    const split = createSeededRandom('s');
    expect(Buffer.concat([split.bytes(7), split.bytes(33)]).equals(first)).toBe(true);
  });
});
