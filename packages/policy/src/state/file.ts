// The default state store: one JSON file per key in a 0700 directory, each change made under a
// proper-lockfile lock by writing a unique temp file, fsyncing it, renaming it over the old one
// and fsyncing the directory. A process killed at any point leaves the old or the new record,
// never half of one; a lock left by a dead process is broken once stale. Each record carries an
// HMAC (record-mac.ts): a file this store did not write is refused as corrupt, never read.
import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  promises as fs,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import lockfile from 'proper-lockfile';
import { PolicyInputError, StateCorruptError, StateLockTimeoutError } from '../errors.js';
import { type Random, systemRandom } from '../random.js';
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
  /**
   * The 32-byte key records are signed with; created (0600) on first use. Default
   * `<dir>/.state-key`: a name no sanitized download can take (no leading dots).
   */
  keyFile?: string;
  /** Random bytes for a new key. */
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

/** `%xx`-escapes anything but `[A-Za-z0-9._-]`; long keys are shortened with a digest. */
export function fileNameFor(key: string): string {
  const safe = key.replace(
    /[^A-Za-z0-9._-]/g,
    (c) => `%${c.codePointAt(0)!.toString(16).padStart(2, '0')}`,
  );
  if (safe.length <= 180) return `${safe}.json`;
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return `${safe.slice(0, 140)}~${digest}.json`;
}

const isErrno = (err: unknown, code: string) =>
  typeof err === 'object' && err !== null && (err as NodeJS.ErrnoException).code === code;

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
  const warn =
    options.onWarning ?? ((message: string) => console.warn(`[@tgmcp/policy] ${message}`));

  const keyFile = options.keyFile ?? path.join(dir, '.state-key');
  if (typeof keyFile !== 'string' || !path.isAbsolute(keyFile)) {
    throw new PolicyInputError('keyFile', 'must be an absolute path');
  }

  let ready: Promise<RecordMac> | undefined;
  const ensureDir = () => {
    if (ready) return ready;
    const starting = (async () => {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const stat = await fs.stat(dir);
      if ((stat.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
      await fs.mkdir(path.dirname(keyFile), { recursive: true, mode: 0o700 });
      return recordMac(await loadOrCreateStateKey(keyFile, options.random ?? systemRandom, warn));
    })();
    // A failed start (say, a bad key file) is tried again by the next call, not cached.
    void starting.catch(() => {
      if (ready === starting) ready = undefined;
    });
    ready = starting;
    return starting;
  };
  const fileFor = (key: string) => path.join(dir, fileNameFor(validKey(key)));

  // One operation per key at a time in this process; the lock file orders processes.
  const chains = new Map<string, Promise<unknown>>();
  function serialize<T>(key: string, op: () => Promise<T>): Promise<T> {
    const next = (chains.get(key) ?? Promise.resolve()).then(op, op);
    const tail = next.catch(() => undefined);
    chains.set(key, tail);
    void tail.then(() => {
      if (chains.get(key) === tail) chains.delete(key);
    });
    return next;
  }

  // Waiting is asynchronous; the critical section is a few synchronous syscalls, so a holder
  // never yields the event loop while other processes wait for it.
  async function acquire(file: string): Promise<() => void> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        return lockfile.lockSync(file, {
          realpath: false,
          stale: lockStaleMs,
          onCompromised: (err) => warn(`lock on ${file} was compromised: ${err.message}`),
        });
      } catch (err) {
        if (!isErrno(err, 'ELOCKED')) throw err;
        const waited = Date.now() - started;
        if (waited >= lockTimeoutMs) throw new StateLockTimeoutError(file, waited);
        await delay(attempt < 3 ? 0 : Math.min(5, Math.random() * attempt));
      }
    }
  }

  function readValue(file: string, key: string, mac: RecordMac): JsonValue | undefined {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return undefined;
      throw err;
    }
    const env = openEnvelope(text, mac);
    // Fail closed (D48): a record we cannot read or did not write is never treated as absent.
    const error = 'error' in env ? env.error : env.k !== key ? 'holds another key' : undefined;
    if (error !== undefined) {
      warn(`refused state file ${file}: ${error}`);
      throw new StateCorruptError(key, file, error);
    }
    return (env as Envelope).v;
  }

  function writeValue(file: string, key: string, value: JsonValue, mac: RecordMac) {
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      // Signed as it will be read back: the value after one JSON round trip.
      const stored = JSON.parse(JSON.stringify(value)) as JsonValue;
      writeSync(fd, JSON.stringify({ k: key, v: stored, mac: mac.sign(key, stored) }));
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    syncDir();
  }

  function syncDir() {
    const d = openSync(dir, 'r');
    try {
      fsyncSync(d);
    } finally {
      closeSync(d);
    }
  }

  async function locked<T>(key: string, body: (file: string, mac: RecordMac) => T): Promise<T> {
    const file = fileFor(key);
    return serialize(key, async () => {
      const mac = await ensureDir();
      const release = await acquire(file);
      try {
        return body(file, mac);
      } finally {
        try {
          release();
        } catch (err) {
          warn(`could not release lock on ${file}: ${(err as Error).message}`);
        }
      }
    });
  }

  return {
    kind: 'file',
    dir,
    fileFor,
    async get<T extends JsonValue>(key: string) {
      const file = fileFor(key);
      const mac = await ensureDir();
      // Renames are atomic: an unlocked read sees a whole record.
      return readValue(file, key, mac) as T | undefined;
    },
    update<T extends JsonValue, R = T | undefined>(key: string, fn: UpdateFn<T, R>) {
      return locked(key, (file, mac) => {
        const current = readValue(file, key, mac) as T | undefined;
        const { next, result } = applyUpdate(current, fn(current));
        if (next === REMOVE) {
          rmSync(file, { force: true });
          syncDir();
        } else if (next !== undefined) writeValue(file, key, next, mac);
        return result;
      });
    },
    async list<T extends JsonValue>(prefix: string) {
      const mac = await ensureDir();
      const out: Array<{ key: string; value: T }> = [];
      for (const name of (await fs.readdir(dir)).sort()) {
        if (!name.endsWith('.json')) continue;
        let text: string;
        try {
          text = await fs.readFile(path.join(dir, name), 'utf8');
        } catch (err) {
          if (isErrno(err, 'ENOENT')) continue;
          throw err;
        }
        const env = openEnvelope(text, mac);
        // A signed record copied to another name is not that name's record.
        const error =
          'error' in env
            ? env.error
            : fileNameFor(env.k) !== name
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
      return locked(key, (file) => {
        try {
          rmSync(file);
        } catch (err) {
          if (isErrno(err, 'ENOENT')) return false;
          throw err;
        }
        syncDir();
        return true;
      });
    },
    async prune(nowMs = Date.now()) {
      await ensureDir();
      let removed = 0;
      for (const name of await fs.readdir(dir)) {
        if (!name.endsWith('.tmp')) continue;
        const file = path.join(dir, name);
        const stat = await fs.stat(file).catch(() => undefined);
        if (stat && nowMs - stat.mtimeMs > 60_000) {
          await fs.rm(file, { force: true });
          removed++;
        }
      }
      return { removed };
    },
  };
}
