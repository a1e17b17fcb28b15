// Send random_ids come from the injected randomness (signed 64-bit, decimal).
import { createSeededRandom, type Random } from '@tgmcp/core';
import { describe, expect, it } from 'vitest';
import { newRandomId } from './writes.js';

const bytes = (b: number[]): Random => ({ bytes: () => Uint8Array.from(b) });

describe('newRandomId', () => {
  it('reads 8 bytes of the injected source as a signed 64-bit integer', () => {
    expect(newRandomId(bytes([0, 0, 0, 0, 0, 0, 0, 1]))).toBe('1');
    expect(newRandomId(bytes([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toBe('-1');
    expect(newRandomId(bytes([0x80, 0, 0, 0, 0, 0, 0, 0]))).toBe('-9223372036854775808');
  });

  it('is repeatable with a seeded source and random by default', () => {
    expect(newRandomId(createSeededRandom(7))).toBe(newRandomId(createSeededRandom(7)));
    expect(newRandomId()).not.toBe(newRandomId());
  });
});
