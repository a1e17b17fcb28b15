// The key that encrypts session files at rest: a raw 32-byte key (TG_SESSION_KEY or the secret
// provider) or a passphrase (TG_SESSION_PASSPHRASE) stretched with scrypt under each file's salt.
// The secret sits in a private field: JSON.stringify and util.inspect show only where it came from.
import { scryptSync } from 'node:crypto';
import { inspect } from 'node:util';
import { InvalidInputError } from '../errors.js';

export type SessionKeyKind = 'raw' | 'passphrase';

/** How a file's AES key was derived; stored in the file's header (and authenticated). */
export type KdfParams =
  { name: 'raw' } | { name: 'scrypt'; salt: string; N: number; r: number; p: number };

/** scrypt cost for new files: 2^17 x 8 = 128 MiB, about a third of a second (OWASP's minimum). */
export const SCRYPT_DEFAULTS = { N: 2 ** 17, r: 8, p: 1 } as const;

/** Bounds on a stored cost, so a crafted header cannot make a load take minutes or gigabytes. */
export function scryptParamsInRange(k: { N: number; r: number; p: number }): boolean {
  return (
    Number.isInteger(Math.log2(k.N)) &&
    k.N >= 2 ** 14 &&
    k.N <= 2 ** 20 &&
    Number.isInteger(k.r) &&
    k.r >= 1 &&
    k.r <= 16 &&
    Number.isInteger(k.p) &&
    k.p >= 1 &&
    k.p <= 4
  );
}

export class SessionKey {
  readonly #secret: Buffer;
  readonly #derived = new Map<string, Buffer>();

  private constructor(
    readonly kind: SessionKeyKind,
    secret: Buffer,
    /** The variable the key came from; errors name it, never the key. */
    readonly variable: string,
  ) {
    this.#secret = secret;
  }

  static raw(key: Buffer, variable: string): SessionKey {
    if (!Buffer.isBuffer(key) || key.length !== 32)
      throw new InvalidInputError(variable, 'a raw session key must be 32 bytes');
    return new SessionKey('raw', Buffer.from(key), variable);
  }

  static passphrase(passphrase: string, variable: string): SessionKey {
    if (typeof passphrase !== 'string' || passphrase.length < 8)
      throw new InvalidInputError(variable, 'a session passphrase must be at least 8 characters');
    return new SessionKey('passphrase', Buffer.from(passphrase.normalize('NFC'), 'utf8'), variable);
  }

  /** The 32-byte AES key of a file with these KDF parameters (scrypt results are cached). */
  fileKey(kdf: KdfParams): Buffer {
    if (kdf.name === 'raw') {
      if (this.kind !== 'raw') throw new Error('a raw-key file needs a raw key');
      return this.#secret;
    }
    if (this.kind !== 'passphrase') throw new Error('a passphrase file needs a passphrase');
    const id = `${kdf.salt}:${kdf.N}:${kdf.r}:${kdf.p}`;
    let key = this.#derived.get(id);
    if (!key) {
      key = scryptSync(this.#secret, Buffer.from(kdf.salt, 'base64'), 32, {
        N: kdf.N,
        r: kdf.r,
        p: kdf.p,
        maxmem: 256 * kdf.N * kdf.r * kdf.p,
      });
      this.#derived.set(id, key);
    }
    return key;
  }

  toJSON(): { kind: SessionKeyKind; variable: string } {
    return { kind: this.kind, variable: this.variable };
  }

  toString(): string {
    return `SessionKey(${this.kind} from ${this.variable})`;
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
