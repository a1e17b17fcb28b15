// What a session file holds once decoded (a version-1 record), checked before use: a file that
// parses but lacks its string is damaged, not an empty session.
import { SessionInvalidError } from '../errors.js';

export interface StoredSession {
  version: 1;
  /** A gramjs StringSession string (DC, address, port, auth key). Secret. */
  session: string;
  /** Where it came from: `login`, `gramjs-string`, `telethon-sqlite`. */
  source: string;
  account?: { id: string; username?: string };
  updatedAt: string;
}

export function toStoredSession(name: string, data: unknown): StoredSession {
  const d = (data ?? {}) as Partial<StoredSession>;
  if (d.version !== 1 || typeof d.session !== 'string' || !d.session)
    throw new SessionInvalidError(name, 'its file has an unknown format');
  return {
    version: 1,
    session: d.session,
    source: typeof d.source === 'string' ? d.source : 'unknown',
    ...(d.account && typeof d.account.id === 'string'
      ? {
          account: {
            id: d.account.id,
            ...(typeof d.account.username === 'string' ? { username: d.account.username } : {}),
          },
        }
      : {}),
    updatedAt: typeof d.updatedAt === 'string' ? d.updatedAt : '',
  };
}

/** The bytes an encrypted file decrypts to. */
export function encodeStoredSession(s: StoredSession): Buffer {
  return Buffer.from(JSON.stringify(s), 'utf8');
}

export function decodeStoredSession(name: string, bytes: Buffer): StoredSession {
  let data: unknown;
  try {
    data = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new SessionInvalidError(name, 'its decrypted contents are not valid JSON');
  }
  return toStoredSession(name, data);
}
