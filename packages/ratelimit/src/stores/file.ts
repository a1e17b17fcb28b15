// The default store for sharing limits between processes on one host. One JSON file per key in
// @tgmcp/core's locked file dir: changed under a proper-lockfile lock by atomic replacement, so a
// process killed at any point leaves either the old or the new state, never half of one.
import { promises as fs, renameSync } from 'node:fs';
import path from 'node:path';
import {
  type LockedFile,
  type Random,
  lockedFileDir,
  randomHex,
  readFileIfExists,
  systemRandom,
} from '@tgmcp/core';
import { type Clock, systemClock } from '../clock.js';
import { InvalidOptionError, StateUnreadableError, StoreLockTimeoutError } from '../errors.js';
import { log } from '../logger.js';
import { nonEmptyString, positiveNumber } from '../options.js';
import {
  type BucketRecord,
  type CounterRecord,
  type HoldRecord,
  type RecoveryHint,
  type StoreRecord,
  type Transition,
  holdRemaining,
  holdTransition,
  incrementTransition,
  parseRecord,
  readCounterValue,
  recoveredRecord,
  refundTransition,
  takeTransition,
} from './transitions.js';
import type { RateLimitStore } from './types.js';

export interface FileStoreOptions {
  /** Directory for the state files; created 0700. Must be absolute. */
  dir: string;
  /** A lock older than this is taken as left by a dead process and broken. Min 2000. Default 5000. */
  lockStaleMs?: number;
  /** Give up waiting for a lock after this long. Default 15000. */
  lockTimeoutMs?: number;
  /** Waits for locks other processes hold; the default time for `prune`. */
  clock?: Clock;
  /** Temp and backup file names, lock-wait jitter (default systemRandom). */
  random?: Random;
  /**
   * Receives problems worth a person's attention (a corrupt file moved aside, a lock found
   * broken, an unreadable hold that keeps calls refused), each unreadable file once per process.
   */
  onWarning?: (message: string) => void;
}

export interface FileStore extends RateLimitStore {
  readonly kind: 'file';
  readonly dir: string;
  /** Deletes expired counters and holds and temp files left by killed processes. */
  prune(nowMs?: number): Promise<{ removed: number }>;
}

type Kind = StoreRecord['t'];

function errnoOf(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' ? code : (err as Error)?.message || 'read failed';
}

/** Why a hold file's text is not a hold of `key`, or undefined when it is one. */
function holdProblem(text: string, key: string): string | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return text.trim() === '' ? 'empty' : 'not JSON (truncated or overwritten)';
  }
  const rec = parseRecord(raw);
  if (!rec) return 'not a valid state record';
  if (rec.t !== 'hold') return `a ${rec.t} record where a hold belongs`;
  if ((raw as { k?: unknown }).k !== key) return 'a record for another key';
  return undefined;
}

export function fileStore(options: FileStoreOptions): FileStore {
  const dir = nonEmptyString('dir', options.dir);
  if (!path.isAbsolute(dir)) {
    throw new InvalidOptionError('dir', 'must be an absolute path', dir);
  }
  const lockStaleMs = Math.max(2000, positiveNumber('lockStaleMs', options.lockStaleMs ?? 5000));
  const lockTimeoutMs = positiveNumber('lockTimeoutMs', options.lockTimeoutMs ?? 15_000);
  const warn = options.onWarning ?? ((message: string) => log.warn(message));
  // Unreadable files already reported: one line per file per process, not one per call.
  const reported = new Set<string>();
  const warnOnce = (file: string, message: string) => {
    if (reported.has(file)) return;
    reported.add(file);
    warn(message);
  };

  const clock = options.clock ?? systemClock;
  const random = options.random ?? systemRandom;
  const files = lockedFileDir({
    dir,
    clock,
    random,
    lockStaleMs,
    lockTimeoutMs,
    lockTimeoutError: (file, waitedMs) => new StoreLockTimeoutError(file, waitedMs),
    onWarning: warn,
  });

  function readRecord(file: LockedFile, kind: Kind, now: number, hint: RecoveryHint) {
    let text: string | undefined;
    try {
      text = file.read();
    } catch (err) {
      // EACCES, EISDIR, a FIFO...: the state exists but cannot be read, so nothing may be assumed.
      const reason = errnoOf(err);
      warnOnce(
        file.path,
        `state file ${file.path} cannot be read (${reason}); calls that need it are refused until it is readable again: fix its permissions, or delete it once you are sure Telegram's wait has passed`,
      );
      throw new StateUnreadableError(file.path, reason, { cause: err });
    }
    if (text === undefined) return { record: undefined, recovered: false };
    let parsed: StoreRecord | undefined;
    try {
      parsed = parseRecord(JSON.parse(text));
    } catch {
      parsed = undefined;
    }
    if (parsed && parsed.t === kind) return { record: parsed, recovered: false };
    // Corrupt, truncated or of another kind: keep a copy, continue from the safe side.
    const backup = `${file.path}.corrupt-${now}-${randomHex(random, 3)}`;
    try {
      renameSync(file.path, backup);
    } catch {
      // Already moved by someone else: nothing to keep.
    }
    warn(
      `state file ${file.path} was unreadable; moved it to ${backup} and recovered conservatively`,
    );
    return { record: recoveredRecord(kind, now, hint), recovered: true };
  }

  const writeRecord = (file: LockedFile, key: string, record: StoreRecord, durable: boolean) =>
    file.write(JSON.stringify({ k: key, ...record }), { durable });

  /** Runs one transition on one key under its lock. */
  function update<R, K extends StoreRecord>(
    key: string,
    kind: K['t'],
    now: number,
    transition: (record: K | undefined) => Transition<R>,
    hint: RecoveryHint = {},
  ): Promise<R> {
    return files.withLock(key, (file) => {
      const { record, recovered } = readRecord(file, kind, now, hint);
      const { result, next } = transition(record as K | undefined);
      // Buckets are rewritten on every grant and only bound a rate: rename is enough.
      // Counters and holds record spent quota and Telegram's waits: fsync them.
      const durable = kind !== 'bucket';
      if (next === null) file.remove({ durable: false });
      else if (next) writeRecord(file, key, next, durable);
      else if (recovered && record) writeRecord(file, key, record, durable);
      return result;
    });
  }

  async function readOnly<K extends StoreRecord>(
    key: string,
    kind: K['t'],
    now: number,
  ): Promise<K | undefined> {
    return update<K | undefined, K>(key, kind, now, (record) => ({ result: record }));
  }

  return {
    kind: 'file',
    dir,
    take: (key, request, nowMs) =>
      update<ReturnType<typeof takeTransition>['result'], BucketRecord>(
        key,
        'bucket',
        nowMs,
        (r) => takeTransition(r, request, nowMs),
        request,
      ),
    refund: (key, request, nowMs) =>
      update<boolean, BucketRecord>(
        key,
        'bucket',
        nowMs,
        (r) => refundTransition(r, request, nowMs),
        request,
      ),
    increment: (key, request, nowMs) =>
      update<ReturnType<typeof incrementTransition>['result'], CounterRecord>(
        key,
        'counter',
        nowMs,
        (r) => incrementTransition(r, request, nowMs),
        { expiresAtMs: request.expiresAtMs },
      ),
    async readCounter(key, nowMs) {
      return readCounterValue(await readOnly<CounterRecord>(key, 'counter', nowMs), nowMs);
    },
    hold: (key, durationMs, nowMs) =>
      update<number, HoldRecord>(key, 'hold', nowMs, (r) => holdTransition(r, durationMs, nowMs)),
    async holds(keys, nowMs) {
      const out: number[] = [];
      for (const key of keys) out.push(await readHold(key, nowMs));
      return out;
    },
    clearHold: (key) =>
      update<void, HoldRecord>(key, 'hold', 0, () => ({ result: undefined, next: null })),
    async listHolds(prefix, nowMs) {
      await files.ready();
      const out: Array<{ key: string; remainingMs: number }> = [];
      for (const name of await fs.readdir(dir)) {
        if (!name.endsWith('.json')) continue;
        const rec = await readLoose(path.join(dir, name));
        if (!rec || rec.t !== 'hold' || !rec.k.startsWith(prefix)) continue;
        const remainingMs = holdRemaining(rec, nowMs);
        if (remainingMs > 0) out.push({ key: rec.k, remainingMs });
      }
      return out;
    },
    async prune(nowMs = clock.now()) {
      let removed = await files.pruneTempFiles(nowMs);
      for (const name of await fs.readdir(dir)) {
        const file = path.join(dir, name);
        if (!name.endsWith('.json')) continue;
        const rec = await readLoose(file);
        if (!rec) continue;
        const expired =
          (rec.t === 'counter' && rec.exp <= nowMs) || (rec.t === 'hold' && rec.until <= nowMs);
        if (!expired) continue;
        await update<void, StoreRecord>(rec.k, rec.t, nowMs, (r) => {
          const still =
            r && ((r.t === 'counter' && r.exp <= nowMs) || (r.t === 'hold' && r.until <= nowMs));
          return { result: undefined, next: still ? null : undefined };
        });
        removed++;
      }
      return { removed };
    },
  };

  // Holds are read without the lock: a rename makes every read see a whole file, so a file that
  // does not parse was damaged from outside. A hold is a wait Telegram imposed: one that cannot
  // be read is reported as held for an unknown time (Infinity), never as absent, and the file is
  // left where it is for the operator.
  async function readHold(key: string, nowMs: number): Promise<number> {
    const file = files.fileFor(key);
    let problem: string | undefined;
    try {
      const text = await readFileIfExists(file);
      if (text === undefined) {
        reported.delete(file);
        return 0;
      }
      problem = holdProblem(text, key);
      if (!problem) {
        reported.delete(file);
        return holdRemaining(parseRecord(JSON.parse(text)) as HoldRecord, nowMs);
      }
    } catch (err) {
      problem = `cannot be read: ${errnoOf(err)}`;
    }
    warnOnce(
      file,
      `state file ${file} (hold '${key}') is ${problem}; it is treated as an active wait, so calls it covers are refused: delete ${file} once you are sure Telegram's wait has passed`,
    );
    return Number.POSITIVE_INFINITY;
  }

  async function readLoose(file: string): Promise<(StoreRecord & { k: string }) | undefined> {
    try {
      const text = await readFileIfExists(file);
      if (text === undefined) return undefined;
      const raw = JSON.parse(text) as { k?: unknown };
      const rec = parseRecord(raw);
      return rec && typeof raw.k === 'string' ? { ...rec, k: raw.k } : undefined;
    } catch {
      return undefined;
    }
  }
}
