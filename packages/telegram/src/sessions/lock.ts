// Exclusive session locks: a lock file naming the holder's pid, taken with O_EXCL. A lock whose
// process is gone is recovered; a live holder makes a second process fail fast, naming it.
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { type Clock, systemClock } from '@tgmcp/core';
import { SessionLockedError } from '../errors.js';

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(lockPath: string): { pid: number; host?: string } | undefined {
  try {
    const data = JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: unknown; host?: unknown };
    return typeof data.pid === 'number'
      ? { pid: data.pid, host: typeof data.host === 'string' ? data.host : undefined }
      : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the lock or throws SessionLockedError; returns a release function. */
export function acquireSessionLock(
  lockPath: string,
  session: string,
  onWarning: (m: string) => void,
  clock: Clock = systemClock,
): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx', 0o600);
      try {
        writeSync(
          fd,
          JSON.stringify({
            pid: process.pid,
            host: hostname(),
            since: new Date(clock.now()).toISOString(),
          }),
        );
      } finally {
        closeSync(fd);
      }
      let released = false;
      return () => {
        if (released) return;
        released = true;
        try {
          if (holderOf(lockPath)?.pid === process.pid) unlinkSync(lockPath);
        } catch {
          // Already gone.
        }
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = holderOf(lockPath);
      const sameHost = !holder?.host || holder.host === hostname();
      if (holder && holder.pid !== process.pid && (!sameHost || isAlive(holder.pid))) {
        throw new SessionLockedError(session, holder.pid);
      }
      if (holder?.pid === process.pid) throw new SessionLockedError(session, holder.pid);
      onWarning(
        `recovered the lock of session '${session}' left by process ${holder?.pid ?? 'unknown'}, which is gone`,
      );
      try {
        unlinkSync(lockPath);
      } catch {
        // Someone else recovered it first: try again.
      }
    }
  }
  throw new SessionLockedError(session, holderOf(lockPath)?.pid ?? -1);
}
