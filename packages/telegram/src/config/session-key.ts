// The session encryption key from the environment: TG_SESSION_KEY (32 bytes as 64 hex characters
// or base64) or TG_SESSION_PASSPHRASE (stretched with scrypt), never both. Bad values are errors
// naming the variable; the value itself never appears in a message.
import { InvalidInputError } from '../errors.js';
import { SessionKey } from '../sessions/session-key.js';
import { ConfigError } from '@tgmcp/core';

const HOW = 'must be 32 random bytes as 64 hex characters or base64 (e.g. `openssl rand -hex 32`)';

/** Parses a raw key (64 hex characters, or standard/URL-safe base64 of 32 bytes). */
export function parseRawSessionKey(value: string, variable: string): SessionKey {
  const v = value.trim();
  let bytes: Buffer | undefined;
  if (/^[0-9a-f]{64}$/i.test(v)) bytes = Buffer.from(v, 'hex');
  else if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const b = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) bytes = b;
  }
  if (!bytes) throw new ConfigError(variable, `${HOW}; got ${v.length} characters`);
  if (bytes.every((b) => b === bytes[0]))
    throw new ConfigError(variable, `${HOW}; got the same byte repeated`);
  return SessionKey.raw(bytes, variable);
}

/** The key set in the environment, or undefined (sessions stay plaintext). */
export function loadSessionKey(env: Record<string, string | undefined>): SessionKey | undefined {
  const raw = env.TG_SESSION_KEY;
  const passphrase = env.TG_SESSION_PASSPHRASE;
  const hasRaw = raw !== undefined && raw.trim() !== '';
  const hasPass = passphrase !== undefined && passphrase !== '';
  if (hasRaw && hasPass)
    throw new ConfigError('TG_SESSION_PASSPHRASE', 'set either TG_SESSION_KEY or it, not both');
  if (hasRaw) return parseRawSessionKey(raw, 'TG_SESSION_KEY');
  if (!hasPass) return undefined;
  try {
    // Taken as given (no trim): spaces may be part of a passphrase.
    return SessionKey.passphrase(passphrase, 'TG_SESSION_PASSPHRASE');
  } catch (err) {
    throw new ConfigError(
      'TG_SESSION_PASSPHRASE',
      err instanceof InvalidInputError ? 'must be at least 8 characters' : String(err),
    );
  }
}
