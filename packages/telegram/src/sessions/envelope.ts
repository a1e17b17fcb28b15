// The session file format. Version 1 is plaintext JSON (a StoredSession); version 2 is an
// AES-256-GCM envelope around it: a fresh 12-byte nonce per write, and the format, version,
// session name and KDF parameters as additional data, so a renamed or edited header fails.
import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { SessionInvalidError, SessionKeyMissingError, SessionKeyWrongError } from '../errors.js';
import {
  type KdfParams,
  SCRYPT_DEFAULTS,
  type SessionKey,
  scryptParamsInRange,
} from './session-key.js';

export const SESSION_FORMAT = 'tgmcp-session';
const CIPHER = 'aes-256-gcm';
const TAG_BYTES = 16;

const base64 = (bytes?: number) =>
  z
    .string()
    .regex(/^[A-Za-z0-9+/]*={0,2}$/)
    .refine((s) => bytes === undefined || Buffer.from(s, 'base64').length === bytes);

const kdfSchema = z.discriminatedUnion('name', [
  z.object({ name: z.literal('raw') }),
  z
    .object({
      name: z.literal('scrypt'),
      salt: base64(16),
      N: z.number(),
      r: z.number(),
      p: z.number(),
    })
    .refine(scryptParamsInRange),
]);

const envelopeSchema = z.object({
  format: z.literal(SESSION_FORMAT),
  version: z.literal(2),
  cipher: z.literal(CIPHER),
  kdf: kdfSchema,
  key_check: z.string().regex(/^[0-9a-f]{32}$/),
  nonce: base64(12),
  data: base64().refine((s) => Buffer.from(s, 'base64').length > TAG_BYTES),
});

export type Envelope = z.infer<typeof envelopeSchema>;

export type SessionFile =
  { kind: 'plaintext'; data: Record<string, unknown> } | { kind: 'encrypted'; envelope: Envelope };

/** Tells plaintext (version 1) from encrypted (version 2) files; throws on anything else. */
export function parseSessionFile(name: string, text: string): SessionFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new SessionInvalidError(name, 'its file is not valid JSON');
  }
  const header = (data ?? {}) as { version?: unknown; format?: unknown };
  if (header.version === 1 && (header.format === undefined || header.format === SESSION_FORMAT))
    return { kind: 'plaintext', data: data as Record<string, unknown> };
  if (header.version === 2 && header.format === SESSION_FORMAT) {
    const parsed = envelopeSchema.safeParse(data);
    if (parsed.success) return { kind: 'encrypted', envelope: parsed.data };
    throw new SessionInvalidError(name, 'its encrypted file has a damaged header');
  }
  throw new SessionInvalidError(name, 'its file has an unknown format');
}

// Field order is fixed here, whatever order the file had: the additional data must be stable.
function additionalData(name: string, kdf: KdfParams): Buffer {
  const k =
    kdf.name === 'raw'
      ? { name: 'raw' }
      : { name: 'scrypt', salt: kdf.salt, N: kdf.N, r: kdf.r, p: kdf.p };
  return Buffer.from(`${SESSION_FORMAT}/2/${CIPHER}/${name}/${JSON.stringify(k)}`, 'utf8');
}

/** A short MAC of a constant: tells a wrong key from a damaged file (GCM alone cannot). */
function keyCheck(fileKey: Buffer): string {
  return createHmac('sha256', fileKey)
    .update('tgmcp-session key check')
    .digest()
    .subarray(0, 16)
    .toString('hex');
}

function kdfHint(kdf: KdfParams, key: SessionKey): string {
  if (kdf.name === 'raw' && key.kind !== 'raw')
    return ' (it was saved with a raw key, TG_SESSION_KEY, not a passphrase)';
  if (kdf.name === 'scrypt' && key.kind !== 'passphrase')
    return ' (it was saved with a passphrase, TG_SESSION_PASSPHRASE, not a raw key)';
  return '';
}

/** True when `key` is the one the envelope was written with (no decryption attempted). */
export function keyOpens(envelope: Envelope, key: SessionKey): boolean {
  if (kdfHint(envelope.kdf, key)) return false;
  const expected = Buffer.from(envelope.key_check, 'hex');
  return timingSafeEqual(Buffer.from(keyCheck(key.fileKey(envelope.kdf)), 'hex'), expected);
}

/** Decrypts an envelope: SessionKeyMissing/Wrong for key problems, SessionInvalid for damage. */
export function openEnvelope(
  name: string,
  envelope: Envelope,
  key: SessionKey | undefined,
): Buffer {
  if (!key) throw new SessionKeyMissingError(name);
  if (!keyOpens(envelope, key))
    throw new SessionKeyWrongError(name, key.variable, kdfHint(envelope.kdf, key));
  const sealed = Buffer.from(envelope.data, 'base64');
  const decipher = createDecipheriv(
    CIPHER,
    key.fileKey(envelope.kdf),
    Buffer.from(envelope.nonce, 'base64'),
  );
  decipher.setAAD(additionalData(name, envelope.kdf));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  try {
    return Buffer.concat([
      decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)),
      decipher.final(),
    ]);
  } catch {
    throw new SessionInvalidError(
      name,
      'its encrypted contents fail authentication (the file was damaged, altered, or renamed from another session)',
    );
  }
}

/** The file text of `plaintext` encrypted for session `name`. */
export function sealSession(
  name: string,
  plaintext: Buffer,
  key: SessionKey,
  randomBytes: (n: number) => Buffer,
): string {
  const kdf: KdfParams =
    key.kind === 'raw'
      ? { name: 'raw' }
      : { name: 'scrypt', salt: randomBytes(16).toString('base64'), ...SCRYPT_DEFAULTS };
  const fileKey = key.fileKey(kdf);
  const nonce = randomBytes(12);
  const cipher = createCipheriv(CIPHER, fileKey, nonce);
  cipher.setAAD(additionalData(name, kdf));
  const data = Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  const envelope: Envelope = {
    format: SESSION_FORMAT,
    version: 2,
    cipher: CIPHER,
    kdf,
    key_check: keyCheck(fileKey),
    nonce: nonce.toString('base64'),
    data: data.toString('base64'),
  };
  return `${JSON.stringify(envelope)}\n`;
}
