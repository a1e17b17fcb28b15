// The default state store: one JSON file per key in a 0700 directory, each change made under a
// proper-lockfile lock by writing a unique temp file, fsyncing it, renaming it over the old one
// and fsyncing the directory. A process killed at any point leaves the old or the new record,
// never half of one; a lock left by a dead process is broken once stale.
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
}

function parseEnvelope(text: string): Envelope | undefined {
  try {
    const raw = JSON.parse(text) as unknown;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
    const e = raw as Partial<Envelope>;
    return typeof e.k === 'string' && 'v' in e ? (e as Envelope) : undefined;
  } catch {
    return undefined;
  }
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

  let ready: Promise<void> | undefined;
  const ensureDir = () =>
    (ready ??= (async () => {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      const stat = await fs.stat(dir);
      if ((stat.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
    })());
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

  function readValue(file: string, key: string): JsonValue | undefined {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return undefined;
      throw err;
    }
    const env = parseEnvelope(text);
    // Fail closed (D48): a record we cannot read is never treated as absent.
    if (!env) throw new StateCorruptError(key, file, 'not a state record');
    if (env.k !== key) throw new StateCorruptError(key, file, 'holds another key');
    return env.v;
  }

  function writeValue(file: string, key: string, value: JsonValue) {
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, JSON.stringify({ k: key, v: value }));
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

  async function locked<T>(key: string, body: (file: string) => T): Promise<T> {
    const file = fileFor(key);
    return serialize(key, async () => {
      await ensureDir();
      const release = await acquire(file);
      try {
        return body(file);
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
    get<T extends JsonValue>(key: string) {
      // Renames are atomic: an unlocked read sees a whole record.
      try {
        return Promise.resolve(readValue(fileFor(key), key) as T | undefined);
      } catch (err) {
        return Promise.reject(err instanceof Error ? err : new Error(String(err)));
      }
    },
    update<T extends JsonValue, R = T | undefined>(key: string, fn: UpdateFn<T, R>) {
      return locked(key, (file) => {
        const current = readValue(file, key) as T | undefined;
        const { next, result } = applyUpdate(current, fn(current));
        if (next === REMOVE) {
          rmSync(file, { force: true });
          syncDir();
        } else if (next !== undefined) writeValue(file, key, next);
        return result;
      });
    },
    async list<T extends JsonValue>(prefix: string) {
      await ensureDir();
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
        const env = parseEnvelope(text);
        if (!env) {
          warn(`skipped unreadable state file ${path.join(dir, name)}`);
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
