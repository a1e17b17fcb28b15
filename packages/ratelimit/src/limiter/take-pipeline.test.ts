// The limiter's fast path under concurrency: takes of concurrent callers are in flight together,
// yet nobody passes a caller whose take was denied, and the envelope still holds.
import { describe, expect, it } from 'vitest';
import { type ManualClock, createManualClock } from '../clock.js';
import { memoryStore } from '../stores/memory.js';
import type { RateLimitStore, TakeResult } from '../stores/types.js';
import { envelopeViolations } from '../../test/helpers/envelope.js';
import { createRateLimiter, type Grant } from './rate-limiter.js';

const T0 = 1_700_000_000_000;

/**
 * A memory store whose takes (cost > 0) are held until the test releases them, then run in the
 * order they were sent with the clock of that moment: the shape of a Redis server, which runs
 * pipelined commands in order on its own clock.
 */
function gatedStore(clock: ManualClock) {
  const inner = memoryStore();
  const held: Array<{ cost: number; run: () => void }> = [];
  let open = false;
  let inFlight = 0;
  let maxInFlight = 0;
  const store: RateLimitStore = {
    ...inner,
    take(key, request) {
      if (request.cost === 0 || open) return inner.take(key, request, clock.now());
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<TakeResult>((resolve) => {
        const run = () => {
          inFlight--;
          resolve(inner.take(key, request, clock.now()));
        };
        held.push({ cost: request.cost, run });
      });
    },
  };
  return {
    store,
    held,
    get maxInFlight() {
      return maxInFlight;
    },
    /** Runs the oldest held take. */
    release() {
      held.shift()!.run();
    },
    /** Runs the newest held take (a store whose answers can overtake each other). */
    releaseNewest() {
      held.pop()!.run();
    },
    /** Runs every held take and lets later ones through at once. */
    open() {
      open = true;
      while (held.length > 0) held.shift()!.run();
    },
  };
}

/** Records the order in which acquires resolve, by name. */
function recorder() {
  const order: string[] = [];
  const grants: Record<string, Grant> = {};
  const track = (name: string, p: Promise<Grant>) =>
    p.then((g) => {
      order.push(name);
      grants[name] = g;
    });
  return { order, grants, track };
}

describe('concurrent acquires', () => {
  it('send their takes to the store at once instead of one round trip after another', async () => {
    const clock = createManualClock();
    const inner = memoryStore();
    let inFlight = 0;
    let maxInFlight = 0;
    const counting: RateLimitStore = {
      ...inner,
      take: (key, request, now) => {
        maxInFlight = Math.max(maxInFlight, ++inFlight);
        return inner.take(key, request, now).finally(() => inFlight--);
      },
    };
    const limiter = createRateLimiter({ rate: 1000, burst: 100, store: counting, clock });
    const grants = await Promise.all(Array.from({ length: 16 }, () => limiter.acquire()));
    expect(maxInFlight).toBe(16);
    expect(grants.every((g) => g.at === T0 && g.waitedMs === 0)).toBe(true);
    expect(await limiter.stats()).toMatchObject({ granted: 16, waiting: 0 });
  });

  it('a denied caller gets the token of a later caller whose take went through: nobody passes it', async () => {
    const clock = createManualClock();
    const gate = gatedStore(clock);
    const limiter = createRateLimiter({ rate: 1, burst: 1, store: gate.store, clock });
    const first = limiter.acquire();
    gate.release();
    await first;
    const { order, grants, track } = recorder();
    const all = [track('a', limiter.acquire()), track('b', limiter.acquire())];
    all.push(track('c', limiter.acquire()));
    await clock.advance(0);
    expect(gate.held.length).toBe(3); // all three takes are in flight together
    gate.release(); // a: denied, the bucket refills in 1 s
    await clock.advance(0);
    // d comes after a was denied: it sends nothing and waits behind a, b and c.
    all.push(track('d', limiter.acquire()));
    await clock.advance(0);
    expect(gate.held.length).toBe(2);
    expect(await limiter.tryAcquire()).toMatchObject({ ok: false });
    await clock.advance(1000);
    gate.release(); // b: granted now, the token goes to a
    await clock.advance(0);
    expect(order).toEqual(['a']);
    gate.release(); // c: denied
    gate.open();
    await clock.runAll();
    await Promise.all(all);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
    expect(grants.a).toEqual({ at: T0 + 1000, waitedMs: 1000 });
    expect([grants.b!.at, grants.c!.at, grants.d!.at]).toEqual([T0 + 2000, T0 + 3000, T0 + 4000]);
    expect(gate.maxInFlight).toBe(3);
    expect(await limiter.stats()).toMatchObject({ granted: 5, waiting: 0 });
  });

  it('settles in call order when the store answers out of order', async () => {
    const clock = createManualClock();
    const gate = gatedStore(clock);
    const limiter = createRateLimiter({ rate: 1, burst: 2, store: gate.store, clock });
    const { order, grants, track } = recorder();
    const all = ['a', 'b', 'c'].map((name) => track(name, limiter.acquire()));
    await clock.advance(0);
    gate.releaseNewest(); // c: granted
    await clock.advance(0);
    expect(order).toEqual([]); // c's answer waits for a's and b's
    gate.releaseNewest(); // b: granted
    gate.releaseNewest(); // a: denied, so a gets b's token and b gets c's
    gate.open();
    await clock.runAll();
    await Promise.all(all);
    expect(order).toEqual(['a', 'b', 'c']);
    expect([grants.a!.at, grants.b!.at, grants.c!.at]).toEqual([T0, T0, T0 + 1000]);
  });

  it('a caller with another cost waits for the takes in flight, and later callers stay behind it', async () => {
    const clock = createManualClock();
    const gate = gatedStore(clock);
    const limiter = createRateLimiter({ rate: 1, burst: 10, store: gate.store, clock });
    const { order, track } = recorder();
    const all = [
      track('a', limiter.acquire({ cost: 1 })),
      track('b', limiter.acquire({ cost: 1 })),
      track('c', limiter.acquire({ cost: 3 })),
      track('d', limiter.acquire({ cost: 1 })),
    ];
    await clock.advance(0);
    // a and b share a cost and go together; c would not fit a token taken for them, so it
    // waits, and d, though of their cost, does not pass c.
    expect(gate.held.map((h) => h.cost)).toEqual([1, 1]);
    gate.release();
    gate.release();
    await clock.advance(0);
    expect(gate.held.map((h) => h.cost)).toEqual([3]);
    gate.release();
    await clock.advance(0);
    expect(gate.held.map((h) => h.cost)).toEqual([1]);
    gate.release();
    await Promise.all(all);
    expect(order).toEqual(['a', 'b', 'c', 'd']);
  });

  it('a held caller takes with the clock of when its take is sent, not of its call', async () => {
    const clock = createManualClock();
    const inner = memoryStore();
    // A store that decides on the caller's clock and answers 500 ms later (a slow disk).
    const slow: RateLimitStore = {
      ...inner,
      take: async (key, request, now) => {
        const result = await inner.take(key, request, now);
        if (request.cost > 0) await clock.sleep(500);
        return result;
      },
    };
    const limiter = createRateLimiter({ rate: 1, burst: 10, store: slow, clock });
    const a = limiter.acquire({ cost: 1 });
    const b = limiter.acquire({ cost: 2 }); // held until a's take is back
    await clock.runAll();
    expect((await a).at).toBe(T0);
    expect((await b).at).toBe(T0 + 500);
  });

  it('an aborted caller that was denied rejects at once; the next token goes to the next caller', async () => {
    const clock = createManualClock();
    const gate = gatedStore(clock);
    const limiter = createRateLimiter({ rate: 1, burst: 1, store: gate.store, clock });
    const first = limiter.acquire();
    gate.release();
    await first;
    const controller = new AbortController();
    const { order, grants, track } = recorder();
    const a = limiter.acquire({ signal: controller.signal });
    const rest = [track('b', limiter.acquire()), track('c', limiter.acquire())];
    await clock.advance(0);
    gate.release(); // a: denied, now owed the next token
    await clock.advance(0);
    controller.abort(new Error('user cancelled'));
    await expect(a).rejects.toThrow('user cancelled'); // before b's take came back
    expect(gate.held.length).toBe(2);
    await clock.advance(1000);
    gate.release(); // b: granted, and b keeps it
    gate.release(); // c: denied
    gate.open();
    await clock.runAll();
    await Promise.all(rest);
    expect(order).toEqual(['b', 'c']);
    expect(grants.b).toEqual({ at: T0 + 1000, waitedMs: 0 });
    expect(grants.c!.at).toBe(T0 + 2000);
  });

  it('a caller that aborts while its take is in flight leaves its token to the caller owed one', async () => {
    const clock = createManualClock();
    const gate = gatedStore(clock);
    const limiter = createRateLimiter({ rate: 1, burst: 1, store: gate.store, clock });
    const first = limiter.acquire();
    gate.release();
    await first;
    const controller = new AbortController();
    const a = limiter.acquire();
    const b = limiter.acquire({ signal: controller.signal });
    await clock.advance(0);
    expect(gate.held.length).toBe(2);
    gate.release(); // a: denied
    await clock.advance(1000);
    controller.abort(new Error('gone'));
    gate.release(); // b: granted after b aborted; a is owed a token, so it gets this one
    await expect(b).rejects.toThrow('gone');
    expect(await a).toEqual({ at: T0 + 1000, waitedMs: 1000 });
    // Nothing was given back: the token was used by a, so the bucket is empty.
    expect((await limiter.stats()).available).toBeCloseTo(0, 9);
    gate.open();
    const next = limiter.acquire();
    await clock.runAll();
    expect((await next).at).toBe(T0 + 2000);
  });

  it('keep FIFO order and the envelope under random arrivals, costs and round trips', async () => {
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let mostInFlight = 0;
    for (let run = 0; run < 20; run++) {
      const clock = createManualClock();
      const gate = gatedStore(clock);
      const rate = 20;
      const burst = 4;
      const limiter = createRateLimiter({ rate, burst, store: gate.store, clock });
      const { order, grants, track } = recorder();
      const callers: Array<{ name: string; cost: number }> = [];
      const all: Promise<void>[] = [];
      for (let step = 0; step < 60; step++) {
        const r = rand();
        if (r < 0.45) {
          const caller = { name: `#${callers.length}`, cost: rand() < 0.8 ? 1 : 2 };
          callers.push(caller);
          all.push(track(caller.name, limiter.acquire({ cost: caller.cost })));
        } else if (r < 0.8 && gate.held.length > 0) {
          gate.release();
        } else {
          await clock.advance(Math.floor(rand() * 40));
        }
        await clock.advance(0);
      }
      gate.open();
      await clock.runAll();
      await Promise.all(all);
      mostInFlight = Math.max(mostInFlight, gate.maxInFlight);
      const names = callers.map((c) => c.name);
      expect(order).toEqual(names);
      const times = names.map((n) => grants[n]!.at);
      expect(times).toEqual([...times].sort((x, y) => x - y));
      // One entry per token: a grant of cost 2 is two requests in the envelope.
      const tokens = callers.flatMap((c) => Array<number>(c.cost).fill(grants[c.name]!.at));
      expect(envelopeViolations(tokens, rate, burst)).toBe(0);
    }
    expect(mostInFlight).toBeGreaterThan(2);
  });
});
