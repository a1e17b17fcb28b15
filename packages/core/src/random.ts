// Randomness is injected like time, so tests can pin ids, codes, nonces and jitter. This file
// (with clock.ts) is the only place in library code allowed to read a random source directly.
import { createHash, randomBytes } from 'node:crypto';

/** A source of random bytes. */
export interface Random {
  bytes(n: number): Uint8Array;
}

/** The real source: node:crypto's randomBytes (a CSPRNG). */
export const systemRandom: Random = { bytes: (n) => randomBytes(n) };

/** URL-safe base64 of `bytes` random bytes, without padding (the seed's `secrets.token_urlsafe`). */
export function token(random: Random, bytes: number): string {
  return Buffer.from(random.bytes(bytes)).toString('base64url');
}

/** `bytes` random bytes as lowercase hex (temp file names, nonces in logs). */
export function randomHex(random: Random, bytes: number): string {
  return Buffer.from(random.bytes(bytes)).toString('hex');
}

/** A number in [0, 1) from 53 random bits, uniform like Math.random (jitter, backoff). */
export function randomFraction(random: Random): number {
  const b = random.bytes(7);
  if (b.length < 7) throw new Error('random source returned too few bytes');
  // 53 bits: the top 5 bits of the first byte are dropped.
  let n = b[0]! & 0x1f;
  for (let i = 1; i < 7; i++) n = n * 256 + b[i]!;
  return n / 2 ** 53;
}

/**
 * A deterministic source for tests and simulations: the same seed gives the same bytes
 * (SHA-256 of seed and a counter). Never for secrets.
 */
export function createSeededRandom(seed: string | number): Random {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return {
    bytes(n) {
      while (pool.length < n) {
        const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
        pool = Buffer.concat([pool, block]);
      }
      const out = pool.subarray(0, n);
      pool = pool.subarray(n);
      return Buffer.from(out);
    },
  };
}
