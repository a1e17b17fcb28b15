// The file state store's record MAC: HMAC-SHA256 over a record's key and value with a 32-byte
// key kept beside the records. A file that another program put in the state directory (a
// download into an overlapping media dir, D48 issue 16) has no valid MAC and is never read as
// a record. The key never leaves this module: not in logs, errors or records.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { StateCorruptError } from '../errors.js';
import type { Random } from '@tgmcp/core';
import type { JsonValue } from './types.js';

export const STATE_KEY_BYTES = 32;

export interface RecordMac {
  /** Hex HMAC of `key` and `value` (the value as JSON.stringify writes it). */
  sign(key: string, value: JsonValue): string;
  verify(key: string, value: JsonValue, mac: unknown): boolean;
}

export function recordMac(secret: Uint8Array): RecordMac {
  const secretCopy = Buffer.from(secret);
  // JSON.stringify of the key cannot contain a raw newline, so key and value cannot run together.
  const sign = (key: string, value: JsonValue) =>
    createHmac('sha256', secretCopy)
      .update(JSON.stringify(key))
      .update('\n')
      .update(JSON.stringify(value))
      .digest('hex');
  return {
    sign,
    verify(key, value, mac) {
      if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return false;
      return timingSafeEqual(Buffer.from(sign(key, value), 'hex'), Buffer.from(mac, 'hex'));
    },
  };
}

const isErrno = (err: unknown, code: string) =>
  typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;

async function readKey(file: string, warn: (m: string) => void): Promise<Buffer | undefined> {
  let handle: fs.FileHandle;
  try {
    // O_NOFOLLOW: a symlink planted under the key's name is refused, not followed.
    handle = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return undefined;
    if (isErrno(err, 'ELOOP')) throw new StateCorruptError('(state key)', file, 'a symlink');
    throw err;
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile() || stat.size !== STATE_KEY_BYTES) {
      throw new StateCorruptError('(state key)', file, `not a ${STATE_KEY_BYTES}-byte key file`);
    }
    if ((stat.mode & 0o077) !== 0) {
      await handle.chmod(0o600);
      warn(`state key ${file} was readable by others; made 0600`);
    }
    const buf = Buffer.alloc(STATE_KEY_BYTES);
    const { bytesRead } = await handle.read(buf, 0, STATE_KEY_BYTES, 0);
    if (bytesRead !== STATE_KEY_BYTES) {
      throw new StateCorruptError('(state key)', file, 'short read');
    }
    return buf;
  } finally {
    await handle.close();
  }
}

/**
 * Reads the key at `file`, creating it first if there is none: random bytes in a 0600 temp file,
 * fsynced, then link(2)ed to the final name, which fails if it exists. Every process that races
 * here ends up reading the one key that won.
 */
export async function loadOrCreateStateKey(
  file: string,
  random: Random,
  warn: (message: string) => void,
): Promise<Buffer> {
  const existing = await readKey(file, warn);
  if (existing) return existing;
  const tmp = `${file}.${process.pid}.${Buffer.from(random.bytes(4)).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'wx', 0o600);
  try {
    const bytes = random.bytes(STATE_KEY_BYTES);
    if (bytes.length !== STATE_KEY_BYTES) throw new Error('random source returned too few bytes');
    await handle.write(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(tmp, file);
  } catch (err) {
    if (!isErrno(err, 'EEXIST')) throw err;
  } finally {
    await fs.rm(tmp, { force: true });
  }
  const dir = await fs.open(path.dirname(file), 'r');
  try {
    await dir.sync();
  } finally {
    await dir.close();
  }
  const key = await readKey(file, warn);
  if (!key) throw new StateCorruptError('(state key)', file, 'vanished after it was created');
  return key;
}
