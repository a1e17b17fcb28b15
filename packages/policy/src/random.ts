// Randomness is injected like time, so tests can pin ids and codes.
import { randomBytes } from 'node:crypto';

export interface Random {
  bytes(n: number): Uint8Array;
}

export const systemRandom: Random = { bytes: (n) => randomBytes(n) };

/** URL-safe base64 without padding, as the seed's `secrets.token_urlsafe`. */
export function token(random: Random, bytes: number): string {
  return Buffer.from(random.bytes(bytes)).toString('base64url');
}
