// The Redis state store's retry loop runs on the injected clock and randomness: a writer that
// always loses its compare-and-set gives up after conflictTimeoutMs of *that* clock, without a
// Redis server and without sleeping real time.
import { createManualClock, createSeededRandom } from '@tgmcp/core';
import { describe, expect, it } from 'vitest';
import { StateLockTimeoutError } from '../errors.js';
import { type RedisStateClientLike, redisStateStore } from './redis.js';

/** A client whose key always changes between read and write: every CAS fails. */
function alwaysConflicting(): RedisStateClientLike & { cas: number } {
  let version = 0;
  const client = {
    cas: 0,
    get: () => Promise.resolve(JSON.stringify({ v: version++ })),
    mget: () => Promise.resolve([]),
    del: () => Promise.resolve(0),
    evalsha: () => {
      client.cas++;
      return Promise.resolve(0);
    },
    eval: () => Promise.resolve(0),
    scan: () => Promise.resolve(['0', []] as [string, string[]]),
  };
  return client;
}

describe('redisStateStore on an injected clock', () => {
  it('times the conflict timeout and the backoff with the injected clock', async () => {
    const clock = createManualClock(0);
    const client = alwaysConflicting();
    const store = redisStateStore({
      client,
      conflictTimeoutMs: 1000,
      clock,
      random: createSeededRandom('backoff'),
    });
    const update = store.update('k', () => ({ v: -1 }));
    const outcome = update.then(
      () => 'resolved',
      (err: unknown) => err,
    );
    await clock.runAll();
    const err = await outcome;
    expect(err).toBeInstanceOf(StateLockTimeoutError);
    // Manual time passed the timeout by backoff sleeps of at most 50 ms each.
    expect(clock.now()).toBeGreaterThanOrEqual(1000);
    expect(clock.now()).toBeLessThan(1100);
    expect(client.cas).toBeGreaterThan(20);
  });
});
