// The default state store: one JSON file per key in @tgmcp/core's locked file dir (0700), each
// change made under a proper-lockfile lock by atomic replacement (unique temp file, fsync, rename,
// directory fsync). A process killed at any point leaves the old or the new record, never half
// of one; a lock left by a dead process is broken once stale. Each record carries an HMAC
// (record-mac.ts): a file this store did not write is refused as corrupt, never read.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  type Clock,
  type LockedFile,
  NotRegularFileError,
  type Random,
  fileNameForKey,
  lockedFileDir,
  readFileIfExists,
  readFileIfExistsSync,
  systemClock,
  systemRandom,
} from '@tgmcp/core';
import { PolicyInputError, StateCorruptError, StateLockTimeoutError } from '../errors.js';
import { log } from '../logger.js';
import { type RecordMac, loadOrCreateStateKey, recordMac } from './record-mac.js';
import {
  type JsonValue,
  REMOVE,
  type StateStore,
  type UpdateFn,
  applyUpdate,
  validKey,
} from './types.js';

export interface FileStateStoreOptions {
  /** Absolute directory for the records; created 0700. */
  dir: string;
  /** A lock older than this is taken as left by a dead process. Min 2000. Default 5000. */
  lockStaleMs?: number;
  /** Give up waiting for a lock after this long. Default 15000. */
  lockTimeoutMs?: number;
  /** Waits for locks other processes hold; the default time for `prune`. */
  clock?: Clock;
  /**
   * The 32-byte key records are signed with; created (0600) on first use. Default
   * `<dir>/.state-key`: a name no sanitized download can take (no leading dots).
   */
  keyFile?: string;
  /** Random bytes for a new key, temp file names and lock-wait jitter (default systemRandom). */
  random?: Random;
  /** Receives recoverable problems (a corrupt record skipped by `list`, a compromised lock). */
  onWarning?: (message: string) => void;
}

export interface FileStateStore extends StateStore {
  readonly kind: 'file';
  readonly dir: string;
  /** The file that holds `key` (for operators and tests). */
  fileFor(key: string): string;
  /** Removes temp files older than a minute, left by killed processes. */
  prune(nowMs?: number): Promise<{ removed: number }>;
}

interface Envelope {
  k: string;
  v: JsonValue;
  /** recordMac().sign(k, v). */
  mac: string;
}

/** The record in `text`, or why it is not one this store wrote. */
function openEnvelope(text: string, mac: RecordMac): Envelope | { error: string } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { error: 'not a state record' };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { error: 'not a state record' };
  }
  const e = raw as Partial<Envelope>;
  if (typeof e.k !== 'string' || !('v' in e)) return { error: 'not a state record' };
  if (!mac.verify(e.k, e.v!, e.mac)) return { error: 'no valid MAC: not written by this store' };
  return e as Envelope;
}

export function fileStateStore(options: FileStateStoreOptions): FileStateStore {
  const dir = options.dir;
  if (typeof dir !== 'string' || !path.isAbsolute(dir)) {
    throw new PolicyInputError('dir', 'must be an absolute path');
  }
  const lockStaleMs = Math.max(2000, options.lockStaleMs ?? 5000);
  const lockTimeoutMs = options.lockTimeoutMs ?? 15_000;
  const warn = options.onWarning ?? ((message: string) => log.warn(message));

  const keyFile = options.keyFile ?? path.join(dir, '.state-key');
  if (typeof keyFile !== 'string' || !path.isAbsolute(keyFile)) {
    throw new PolicyInputError('keyFile', 'must be an absolute path');
  }

  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const files = lockedFileDir({
    dir,
    clock,
    random,
    lockStaleMs,
    lockTimeoutMs,
    lockTimeoutError: (file, waitedMs) => new StateLockTimeoutError(file, waitedMs),
    onWarning: warn,
  });

  let macReady: Promise<RecordMac> | undefined;
  const ensureReady = () => {
    if (macReady) return macReady;
    const starting = (async () => {
      await files.ready();
      await fs.mkdir(path.dirname(keyFile), { recursive: true, mode: 0o700 });
      return recordMac(await loadOrCreateStateKey(keyFile, random, warn));
    })();
    // A failed start (say, a bad key file) is tried again by the next call, not cached.
    void starting.catch(() => {
      if (macReady === starting) macReady = undefined;
    });
    macReady = starting;
    return starting;
  };
  const fileFor = (key: string) => files.fileFor(validKey(key));

  /** The record's text; a FIFO or device under its name is a corrupt record, never waited on. */
  function readText(file: string, key: string, read: () => string | undefined) {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof NotRegularFileError)) throw err;
      warn(`refused state file ${file}: a ${err.kind}, not a regular file`);
      throw new StateCorruptError(key, file, `a ${err.kind}, not a regular file`);
    }
  }

  function readValue(file: string, key: string, mac: RecordMac, text: string | undefined) {
    if (text === undefined) return undefined;
    const env = openEnvelope(text, mac);
    // Fail closed (D48): a record we cannot read or did not write is never treated as absent.
    const error = 'error' in env ? env.error : env.k !== key ? 'holds another key' : undefined;
    if (error !== undefined) {
      warn(`refused state file ${file}: ${error}`);
      throw new StateCorruptError(key, file, error);
    }
    return (env as Envelope).v;
  }

  function writeValue(file: LockedFile, key: string, value: JsonValue, mac: RecordMac) {
    // Signed as it will be read back: the value after one JSON round trip.
    const stored = JSON.parse(JSON.stringify(value)) as JsonValue;
    file.write(JSON.stringify({ k: key, v: stored, mac: mac.sign(key, stored) }));
  }

  async function locked<T>(key: string, body: (file: LockedFile, mac: RecordMac) => T) {
    validKey(key);
    const mac = await ensureReady();
    return files.withLock(key, (file) => body(file, mac));
  }

  return {
    kind: 'file',
    dir,
    fileFor,
    async get<T extends JsonValue>(key: string) {
      const file = fileFor(key);
      const mac = await ensureReady();
      // Renames are atomic: an unlocked read sees a whole record.
      const text = readText(file, key, () => readFileIfExistsSync(file));
      return readValue(file, key, mac, text) as T | undefined;
    },
    update<T extends JsonValue, R = T | undefined>(key: string, fn: UpdateFn<T, R>) {
      return locked(key, (file, mac) => {
        const text = readText(file.path, key, () => file.read());
        const current = readValue(file.path, key, mac, text) as T | undefined;
        const { next, result } = applyUpdate(current, fn(current));
        if (next === REMOVE) file.remove();
        else if (next !== undefined) writeValue(file, key, next, mac);
        return result;
      });
    },
    async list<T extends JsonValue>(prefix: string) {
      const mac = await ensureReady();
      const out: Array<{ key: string; value: T }> = [];
      for (const name of (await fs.readdir(dir)).sort()) {
        if (!name.endsWith('.json')) continue;
        let text: string | undefined;
        try {
          text = await readFileIfExists(path.join(dir, name));
        } catch (err) {
          if (!(err instanceof NotRegularFileError)) throw err;
          warn(`skipped unreadable state file ${err.file}: a ${err.kind}, not a regular file`);
          continue;
        }
        if (text === undefined) continue;
        const env = openEnvelope(text, mac);
        // A signed record copied to another name is not that name's record.
        const error =
          'error' in env
            ? env.error
            : fileNameForKey(env.k) !== name
              ? 'holds another key'
              : undefined;
        if (error !== undefined || 'error' in env) {
          warn(`skipped unreadable state file ${path.join(dir, name)}: ${error}`);
          continue;
        }
        if (env.k.startsWith(prefix)) out.push({ key: env.k, value: env.v as T });
      }
      return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    delete(key: string) {
      return locked(key, (file) => file.remove());
    },
    async prune(nowMs = clock.now()) {
      await ensureReady();
      return { removed: await files.pruneTempFiles(nowMs) };
    },
  };
}
