// Sessions on disk: <dataDir>/sessions/<name>.session, dir 0700, files 0600 (tightened, with a
// warning, when found looser), written atomically (@tgmcp/core: temp file, fsync, rename, dir
// fsync), never half-written.
// With a key, files are encrypted (AES-256-GCM, see envelope.ts) and a plaintext file is
// encrypted in place on first load; a file the key cannot open is never written over.
import { chmodSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  type Clock,
  NotRegularFileError,
  readFileIfExistsSync,
  systemClock,
  systemRandom,
  writeFileAtomicSync,
} from '@tgmcp/core';
import { InvalidInputError, SessionKeyMissingError, SessionKeyWrongError } from '../errors.js';
import { type MigrationStep, encryptInPlace, tidyAfterVerifiedRead } from './encrypt-migration.js';
import {
  SESSION_FORMAT,
  keyOpens,
  openEnvelope,
  parseSessionFile,
  sealSession,
} from './envelope.js';
import { log } from '../logger.js';
import { acquireSessionLock } from './lock.js';
import { validateSessionName } from './names.js';
import type { SessionKey } from './session-key.js';
import {
  type StoredSession,
  decodeStoredSession,
  encodeStoredSession,
  toStoredSession,
} from './stored-session.js';

export type { StoredSession } from './stored-session.js';
export type { MigrationStep } from './encrypt-migration.js';

export type SessionLockMode = 'shared' | 'exclusive';

export interface SessionStoreOptions {
  /** The installation's data dir (absolute). */
  dataDir: string;
  lockMode?: SessionLockMode;
  onWarning?: (message: string) => void;
  /**
   * Encrypts sessions at rest (TG_SESSION_KEY, TG_SESSION_PASSPHRASE or the secret provider).
   * Without it sessions are plaintext (0600), and an encrypted one cannot be read.
   */
  key?: SessionKey;
  /** Randomness for nonces and salts. Default: @tgmcp/core's systemRandom (node:crypto). */
  random?: (n: number) => Buffer;
  /** Dates the saved sessions and lock files, and bounds the wait for a migration lock. */
  clock?: Clock;
  /** Called after each step of a plaintext → encrypted migration (fault-injection tests). */
  onMigrationStep?: (step: MigrationStep) => void;
}

/** How a session is kept on disk, read from its header alone (no key needed). */
export type SessionEncryption =
  | { state: 'encrypted'; kdf: 'raw' | 'scrypt' }
  | { state: 'plaintext' }
  | { state: 'missing' }
  | { state: 'unreadable'; reason: string };

export interface SessionStore {
  readonly dir: string;
  readonly lockMode: SessionLockMode;
  /** Where the store's key came from (its variable), or undefined: sessions are plaintext. */
  readonly keySource: string | undefined;
  list(): string[];
  exists(name: string): boolean;
  pathOf(name: string): string;
  /** Reads (and decrypts) a session; with a key, a plaintext one is encrypted in place first. */
  load(name: string): StoredSession;
  /** Writes a session (encrypted with a key); refuses to replace one this key cannot open. */
  save(name: string, session: Omit<StoredSession, 'version' | 'updatedAt'>): void;
  /** Takes the session for this process: exclusive mode locks it, shared mode does nothing. */
  open(name: string): { release(): void };
  encryptionOf(name: string): SessionEncryption;
}

export function createSessionStore(options: SessionStoreOptions): SessionStore {
  if (typeof options.dataDir !== 'string' || !path.isAbsolute(options.dataDir)) {
    throw new InvalidInputError(
      'dataDir',
      `must be an absolute path, got ${JSON.stringify(options.dataDir)}`,
    );
  }
  const lockMode = options.lockMode ?? 'shared';
  if (lockMode !== 'shared' && lockMode !== 'exclusive') {
    throw new InvalidInputError(
      'TG_SESSION_LOCK_MODE',
      `must be "shared" or "exclusive", got ${JSON.stringify(lockMode)}`,
    );
  }
  const warn = options.onWarning ?? ((m: string) => log.warn(m));
  const dir = path.join(options.dataDir, 'sessions');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tighten = (p: string, mode: number) => {
    const current = statSync(p).mode & 0o777;
    if ((current & ~mode) !== 0) {
      chmodSync(p, mode);
      warn(`${p} had permissions ${current.toString(8)}; set them to ${mode.toString(8)}`);
    }
  };
  tighten(dir, 0o700);
  const pathOf = (name: string) => path.join(dir, `${validateSessionName(name)}.session`);
  const key = options.key;
  const random = options.random ?? ((n: number) => Buffer.from(systemRandom.bytes(n)));
  const clock = options.clock ?? systemClock;

  /** An encrypted session is replaced only under the key it was written with. */
  const refuseToReplaceUnreadable = (name: string, file: string) => {
    let text: string | undefined;
    try {
      text = readFileIfExistsSync(file);
    } catch {
      return;
    }
    if (text === undefined) return;
    let parsed;
    try {
      parsed = parseSessionFile(name, text);
    } catch {
      return; // Damaged: replacing it is what the user wants.
    }
    if (parsed.kind !== 'encrypted') return;
    if (!key) throw new SessionKeyMissingError(name);
    if (!keyOpens(parsed.envelope, key)) throw new SessionKeyWrongError(name, key.variable);
  };

  return {
    dir,
    lockMode,
    keySource: key?.variable,
    pathOf,
    list() {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.session'))
        .map((f) => f.slice(0, -'.session'.length))
        .filter((n) => {
          try {
            validateSessionName(n);
            return true;
          } catch {
            return false;
          }
        })
        .sort();
    },
    exists(name) {
      try {
        return statSync(pathOf(name)).isFile();
      } catch {
        return false;
      }
    },
    load(name) {
      const file = pathOf(name);
      let text: string | undefined;
      try {
        // Never a blocking open: a FIFO planted at the session's name would hang the server.
        text = readFileIfExistsSync(file);
      } catch (err) {
        if (err instanceof NotRegularFileError)
          throw new InvalidInputError('session_name', `session '${name}': ${err.message}`);
      }
      if (text === undefined)
        throw new InvalidInputError('session_name', `session '${name}' not found in ${dir}`);
      tighten(file, 0o600);
      const parsed = parseSessionFile(name, text);
      if (parsed.kind === 'encrypted') {
        const stored = decodeStoredSession(name, openEnvelope(name, parsed.envelope, key));
        // A backup left by a migration killed after its rename: this read verified the new file.
        if (tidyAfterVerifiedRead(file, dir))
          warn(
            `removed the plaintext backup of session '${name}' left by an interrupted migration`,
          );
        return stored;
      }
      const stored = toStoredSession(name, parsed.data);
      if (!key) return stored;
      return encryptInPlace({
        name,
        file,
        dir,
        key,
        random,
        clock,
        warn,
        onStep: options.onMigrationStep,
      });
    },
    save(name, session) {
      const file = pathOf(name);
      refuseToReplaceUnreadable(name, file);
      const data: StoredSession = {
        version: 1,
        ...session,
        updatedAt: new Date(clock.now()).toISOString(),
      };
      const stored = toStoredSession(name, data);
      writeFileAtomicSync(
        file,
        key
          ? sealSession(name, encodeStoredSession(stored), key, random)
          : JSON.stringify({ format: SESSION_FORMAT, ...stored }),
      );
    },
    encryptionOf(name) {
      let text: string | undefined;
      try {
        text = readFileIfExistsSync(pathOf(name));
      } catch {
        return { state: 'missing' };
      }
      if (text === undefined) return { state: 'missing' };
      try {
        const parsed = parseSessionFile(name, text);
        return parsed.kind === 'encrypted'
          ? { state: 'encrypted', kdf: parsed.envelope.kdf.name }
          : { state: 'plaintext' };
      } catch (err) {
        return { state: 'unreadable', reason: (err as Error).message };
      }
    },
    open(name) {
      const file = pathOf(name);
      if (lockMode === 'shared') return { release() {} };
      return { release: acquireSessionLock(`${file}.lock`, name, warn, clock) };
    },
  };
}
