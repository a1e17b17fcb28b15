// A lock on one file across processes: proper-lockfile's `<file>.lock` directory (mkdir is atomic
// on every filesystem, a lock left by a dead process is broken once stale). Taking it is one
// synchronous mkdir; waiting for it is asynchronous, on the injected clock, with short jittered
// waits, so a holder never yields the event loop inside its critical section.
import lockfile from 'proper-lockfile';
import { type Clock, systemClock } from '../clock.js';
import { type Random, randomFraction, systemRandom } from '../random.js';

export interface FileLockOptions {
  /** Waits for a lock another process holds (default systemClock). */
  clock?: Clock;
  /** A lock older than this is taken as left by a dead process and broken. Min 2000. Default 5000. */
  staleMs?: number;
  /** Give up waiting after this long. Default 15000. */
  timeoutMs?: number;
  /** Jitter of the waits (default systemRandom). */
  random?: Random;
  /** Told when a lock we hold was taken over (it went stale under us). */
  onWarning?: (message: string) => void;
  /** The error thrown on a timeout (default FileLockTimeoutError); stores keep their own codes. */
  timeoutError?: (file: string, waitedMs: number) => Error;
}

/** Another process held the lock for longer than the timeout. */
export class FileLockTimeoutError extends Error {
  readonly code = 'LOCK_TIMEOUT';
  constructor(
    readonly file: string,
    readonly waitedMs: number,
  ) {
    super(`Could not lock ${file} within ${waitedMs}ms`);
    this.name = 'FileLockTimeoutError';
  }
}

export const MIN_LOCK_STALE_MS = 2000;

/** Takes the lock on `file` and returns the function that releases it. */
export async function lockFile(file: string, options: FileLockOptions = {}): Promise<() => void> {
  const clock = options.clock ?? systemClock;
  const stale = Math.max(MIN_LOCK_STALE_MS, options.staleMs ?? 5000);
  const timeoutMs = options.timeoutMs ?? 15_000;
  const random = options.random ?? systemRandom;
  const warn = options.onWarning ?? (() => {});
  const started = clock.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return lockfile.lockSync(file, {
        realpath: false,
        stale,
        onCompromised: (err) => warn(`lock on ${file} was compromised: ${err.message}`),
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
      const waited = clock.now() - started;
      if (waited >= timeoutMs)
        throw (options.timeoutError ?? ((f, w) => new FileLockTimeoutError(f, w)))(file, waited);
      // Critical sections are well under a millisecond: yield at once a few times, then wait
      // up to a few ms, jittered so waiting processes do not retry in step.
      await clock.sleep(attempt < 3 ? 0 : Math.min(4, randomFraction(random) * attempt));
    }
  }
}
