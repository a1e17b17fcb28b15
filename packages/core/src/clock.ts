// Time is injected everywhere: library code never reads the wall clock or sets a timer directly,
// so tests run on a manual clock and never sleep real time. This file (with random.ts) is the
// only place in library code allowed to touch Date.now, setTimeout and friends.

/** A source of time and a way to wait. `now()` is in milliseconds since the Unix epoch. */
export interface Clock {
  now(): number;
  /** Resolves after `ms`; rejects with the signal's reason as soon as `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

// Rejects with the signal's own reason, as Node's timers/promises and p-queue do.
function abortReason(signal: AbortSignal): Error {
  return (
    (signal.reason as Error | undefined) ??
    new DOMException('This operation was aborted', 'AbortError')
  );
}

/** The real clock: `Date.now()` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep(ms, signal) {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal!));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  },
};

/**
 * Blocks the thread for `ms` (Atomics.wait): only for synchronous code that must wait a moment
 * between attempts (a lock held by another process while a session file is read). Async code
 * uses `clock.sleep`.
 */
export function blockingSleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Math.max(0, ms));
}

/** A clock that moves only when told to; for tests and simulations. */
export interface ManualClock extends Clock {
  /** Moves time forward, waking every sleeper whose deadline has passed, in deadline order. */
  advance(ms: number): Promise<void>;
  /** Runs time forward until no sleeper is left (or `maxMs` elapsed). */
  runAll(maxMs?: number): Promise<void>;
  /** Moves time to the earliest sleeper and wakes it (and any due at the same time); false if none. */
  next(): Promise<boolean>;
  /** How many sleeps are pending. */
  readonly pendingSleeps: number;
}

interface Sleeper {
  at: number;
  seq: number;
  resolve: () => void;
}

/** Lets promise continuations (awaits in the code under test) run before time moves on. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

export function createManualClock(startMs = 1_700_000_000_000): ManualClock {
  let current = startMs;
  let seq = 0;
  const sleepers: Sleeper[] = [];

  const wakeDue = () => {
    sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
    while (sleepers.length > 0 && sleepers[0]!.at <= current) sleepers.shift()!.resolve();
  };

  return {
    now: () => current,
    sleep(ms, signal) {
      return new Promise<void>((resolve, reject) => {
        if (signal?.aborted) {
          reject(abortReason(signal));
          return;
        }
        const sleeper: Sleeper = {
          at: current + Math.max(0, ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = () => {
          const i = sleepers.indexOf(sleeper);
          if (i >= 0) sleepers.splice(i, 1);
          reject(abortReason(signal!));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        sleepers.push(sleeper);
      });
    },
    async advance(ms) {
      const target = current + ms;
      await settle();
      for (;;) {
        sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = sleepers[0];
        if (!next || next.at > target) break;
        current = Math.max(current, next.at);
        wakeDue();
        await settle();
      }
      current = target;
      await settle();
    },
    async runAll(maxMs = 86_400_000) {
      const limit = current + maxMs;
      await settle();
      while (sleepers.length > 0) {
        sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = sleepers[0]!;
        if (next.at > limit) break;
        current = Math.max(current, next.at);
        wakeDue();
        await settle();
      }
    },
    async next() {
      await settle();
      if (sleepers.length === 0) return false;
      sleepers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      current = Math.max(current, sleepers[0]!.at);
      wakeDue();
      await settle();
      return true;
    },
    get pendingSleeps() {
      return sleepers.length;
    },
  };
}
