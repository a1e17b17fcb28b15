// Plaintext session → encrypted, on first use with a key. Each step leaves a readable session:
// the encrypted temp file is read back and decrypted before anything is replaced, the plaintext
// is kept as `<name>.session.bak` (a hard link) across the rename, and removed only after the
// renamed file was read back and decrypted. A kill at any point leaves the old or the new file.
import {
  copyFileSync,
  existsSync,
  linkSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
} from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { type Clock, blockingSleep, syncDirSync, writeTempFileSync } from '@tgmcp/core';
import { SessionLockedError } from '../errors.js';
import { openEnvelope, parseSessionFile, sealSession } from './envelope.js';
import { isAlive } from './lock.js';
import type { SessionKey } from './session-key.js';
import {
  type StoredSession,
  decodeStoredSession,
  encodeStoredSession,
  toStoredSession,
} from './stored-session.js';

export type MigrationStep =
  'temp-written' | 'temp-verified' | 'backup-made' | 'replaced' | 'verified' | 'backup-removed';

export interface EncryptMigrationContext {
  name: string;
  file: string;
  dir: string;
  key: SessionKey;
  random: (n: number) => Buffer;
  /** Bounds the wait for another process's migration (30 s). */
  clock: Clock;
  warn: (message: string) => void;
  /** Called after each step (fault-injection tests kill the process here). */
  onStep?: (step: MigrationStep) => void;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function holderOf(lockPath: string): { pid: number; host: unknown } | undefined {
  try {
    const h = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: unknown; host?: unknown };
    return typeof h.pid === 'number' ? { pid: h.pid, host: h.host } : undefined;
  } catch {
    return undefined;
  }
}

/** A holder on another host, or one we cannot read, counts as alive. */
function holderAlive(lockPath: string): boolean {
  const h = holderOf(lockPath);
  return !h || h.host !== hostname() || isAlive(h.pid);
}

/**
 * One migration at a time per session, across processes. The lock file is created whole with
 * link(2), so nobody reads a half-written holder. Two migrations racing anyway (a stale lock
 * recovered twice) stay safe: each step tolerates the other's files.
 */
function takeMigrationLock(
  lockPath: string,
  name: string,
  clock: Clock,
  warn: (m: string) => void,
) {
  const deadline = clock.now() + 30_000;
  for (let waits = 0; ; waits++) {
    const tmp = writeTempFileSync(lockPath, JSON.stringify({ pid: process.pid, host: hostname() }));
    try {
      linkSync(tmp, lockPath);
      return () => rmSync(lockPath, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    } finally {
      rmSync(tmp, { force: true });
    }
    const holder = holderOf(lockPath);
    if (holder && !holderAlive(lockPath)) {
      warn(
        `recovered the migration lock of session '${name}' left by process ${holder.pid}, which is gone`,
      );
      rmSync(lockPath, { force: true });
      continue;
    }
    // 30 s on the clock; the count bounds it too when the clock is a manual one that a
    // blocking wait cannot move.
    if (clock.now() > deadline || waits >= 1500)
      throw new SessionLockedError(name, holder?.pid ?? -1);
    blockingSleep(20); // synchronous: loading a session is synchronous
  }
}

/** Temp files of this session left by processes that died mid-write. */
function removeDeadTemps(dir: string, file: string): void {
  const pattern = new RegExp(
    `^${escape(path.basename(file))}\\.(?:migrating\\.)?(\\d+)\\.[0-9a-f]+\\.tmp$`,
  );
  for (const f of readdirSync(dir)) {
    const pid = Number(pattern.exec(f)?.[1]);
    if (pid && pid !== process.pid && !isAlive(pid)) rmSync(path.join(dir, f), { force: true });
  }
}

function decryptFile(c: EncryptMigrationContext, file: string): StoredSession {
  const parsed = parseSessionFile(c.name, readFileSync(file, 'utf8'));
  if (parsed.kind !== 'encrypted') throw new Error(`${file} is not encrypted`);
  return decodeStoredSession(c.name, openEnvelope(c.name, parsed.envelope, c.key));
}

function verify(c: EncryptMigrationContext, file: string, expected: Buffer): void {
  if (!encodeStoredSession(decryptFile(c, file)).equals(expected))
    throw new Error(`${file} does not decrypt to the session it was written from`);
}

/**
 * After the encrypted file was read back (a verified read): removes the plaintext backup and a
 * migration lock whose process died, both left by a migration killed after its rename.
 */
export function tidyAfterVerifiedRead(file: string, dir: string): boolean {
  const lock = `${file}.migrating`;
  if (existsSync(lock) && !holderAlive(lock)) rmSync(lock, { force: true });
  try {
    unlinkSync(`${file}.bak`);
  } catch {
    return false;
  }
  syncDirSync(dir);
  return true;
}

/** Encrypts a plaintext session file in place and returns its contents. */
export function encryptInPlace(c: EncryptMigrationContext): StoredSession {
  const release = takeMigrationLock(`${c.file}.migrating`, c.name, c.clock, c.warn);
  try {
    removeDeadTemps(c.dir, c.file);
    // Read again under the lock: another process may have migrated it meanwhile.
    const parsed = parseSessionFile(c.name, readFileSync(c.file, 'utf8'));
    if (parsed.kind === 'encrypted') {
      const stored = decryptFile(c, c.file);
      tidyAfterVerifiedRead(c.file, c.dir);
      return stored;
    }
    const stored = toStoredSession(c.name, parsed.data);
    const payload = encodeStoredSession(stored);
    const backup = `${c.file}.bak`;
    const tmp = writeTempFileSync(c.file, sealSession(c.name, payload, c.key, c.random));
    try {
      c.onStep?.('temp-written');
      verify(c, tmp, payload);
      c.onStep?.('temp-verified');
      rmSync(backup, { force: true });
      try {
        linkSync(c.file, backup);
      } catch {
        copyFileSync(c.file, backup);
      }
      syncDirSync(c.dir);
      c.onStep?.('backup-made');
      renameSync(tmp, c.file);
      syncDirSync(c.dir);
      c.onStep?.('replaced');
    } finally {
      rmSync(tmp, { force: true });
    }
    try {
      verify(c, c.file, payload);
    } catch (err) {
      // Never reached in practice (the same bytes were verified as the temp file); if it is,
      // the plaintext goes back and the error is reported.
      renameSync(backup, c.file);
      syncDirSync(c.dir);
      throw err;
    }
    c.onStep?.('verified');
    tidyAfterVerifiedRead(c.file, c.dir);
    c.onStep?.('backup-removed');
    c.warn(
      `session '${c.name}' was stored in plaintext; it is now encrypted (AES-256-GCM, key from ${c.key.variable})`,
    );
    return stored;
  } finally {
    release();
  }
}
