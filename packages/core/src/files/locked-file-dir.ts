// One file per key in a private (0700) directory, each read-modify-write done under the key's
// lock: serialized inside the process, proper-lockfile between processes, and written by atomic
// replacement. What a record means and what to do with a damaged one is the caller's business;
// this is the part the file stores share.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Clock } from '../clock.js';
import type { Random } from '../random.js';
import { TEMP_SUFFIX, removeFileSync, writeFileAtomicSync } from './atomic-write.js';
import { lockFile } from './file-lock.js';
import { readFileIfExistsSync } from './read-file.js';

export interface LockedFileDirOptions {
  /** Absolute directory; created 0700, tightened to 0700 when found looser. */
  dir: string;
  /** Waits for locks other processes hold (default systemClock). */
  clock?: Clock;
  /** A lock older than this is taken as left by a dead process. Min 2000. Default 5000. */
  lockStaleMs?: number;
  /** Give up waiting for a lock after this long. Default 15000. */
  lockTimeoutMs?: number;
  /** The error a lock timeout throws (default FileLockTimeoutError). */
  lockTimeoutError?: (file: string, waitedMs: number) => Error;
  /** Temp file names and lock-wait jitter (default systemRandom). */
  random?: Random;
  /** A compromised lock, a lock that could not be released. */
  onWarning?: (message: string) => void;
}

/** The file of one key, inside its lock. Every call is synchronous: the lock is held briefly. */
export interface LockedFile {
  readonly path: string;
  /** Its text, or undefined when absent (see readFileIfExistsSync for what else it throws). */
  read(): string | undefined;
  /** Replaces it atomically; `durable: false` skips the fsyncs (the rename stays atomic). */
  write(text: string, options?: { durable?: boolean }): void;
  /** Removes it; false when there was none. */
  remove(options?: { durable?: boolean }): boolean;
}

export interface LockedFileDir {
  readonly dir: string;
  /** Creates the directory (0700); a failure is tried again by the next call. */
  ready(): Promise<void>;
  /** The file of `key` (see fileNameForKey). */
  fileFor(key: string): string;
  /** Runs `body` on the file of `key` under its lock; one body per key at a time. */
  withLock<T>(key: string, body: (file: LockedFile) => T): Promise<T>;
  /** Removes temp files older than `olderThanMs` (default a minute), left by killed processes. */
  pruneTempFiles(nowMs: number, olderThanMs?: number): Promise<number>;
}

/** `%xx`-escapes anything but `[A-Za-z0-9._-]`; long keys are shortened with a digest. */
export function fileNameForKey(key: string, extension = '.json'): string {
  const safe = key.replace(
    /[^A-Za-z0-9._-]/g,
    (c) => `%${c.codePointAt(0)!.toString(16).padStart(2, '0')}`,
  );
  if (safe.length <= 180) return `${safe}${extension}`;
  const digest = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return `${safe.slice(0, 140)}~${digest}${extension}`;
}

/** Makes `dir` (0700), tightening an existing one that others can enter. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const stat = await fs.stat(dir);
  if ((stat.mode & 0o077) !== 0) await fs.chmod(dir, 0o700);
}

export function lockedFileDir(options: LockedFileDirOptions): LockedFileDir {
  const { dir, clock, random } = options;
  if (typeof dir !== 'string' || !path.isAbsolute(dir))
    throw new TypeError(`dir must be an absolute path (got ${JSON.stringify(dir)})`);
  const warn = options.onWarning ?? (() => {});

  let ready: Promise<void> | undefined;
  const ensureReady = () => {
    if (ready) return ready;
    const starting = ensurePrivateDir(dir);
    void starting.catch(() => {
      if (ready === starting) ready = undefined;
    });
    return (ready = starting);
  };

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

  const fileFor = (key: string) => path.join(dir, fileNameForKey(key));

  const handle = (file: string): LockedFile => ({
    path: file,
    read: () => readFileIfExistsSync(file),
    write: (text, o) => writeFileAtomicSync(file, text, { durable: o?.durable, random }),
    remove: (o) => removeFileSync(file, o),
  });

  return {
    dir,
    ready: ensureReady,
    fileFor,
    withLock(key, body) {
      const file = fileFor(key);
      return serialize(key, async () => {
        await ensureReady();
        // The wait is asynchronous; the body runs synchronously between lock and release.
        const release = await lockFile(file, {
          clock,
          random,
          staleMs: options.lockStaleMs,
          timeoutMs: options.lockTimeoutMs,
          timeoutError: options.lockTimeoutError,
          onWarning: warn,
        });
        try {
          return body(handle(file));
        } finally {
          try {
            release();
          } catch (err) {
            warn(`could not release lock on ${file}: ${(err as Error).message}`);
          }
        }
      });
    },
    async pruneTempFiles(nowMs, olderThanMs = 60_000) {
      await ensureReady();
      let removed = 0;
      for (const name of await fs.readdir(dir)) {
        if (!name.endsWith(TEMP_SUFFIX)) continue;
        const file = path.join(dir, name);
        const stat = await fs.stat(file).catch(() => undefined);
        if (stat && nowMs - stat.mtimeMs > olderThanMs) {
          await fs.rm(file, { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}
