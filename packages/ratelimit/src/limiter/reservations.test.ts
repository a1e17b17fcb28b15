// Reserved slots: a waiting caller makes one store call and sleeps until its slot; several
// limiters on one store (processes) are served in the order their reservations arrive; bulk
// callers never reserve ahead, so an interactive caller elsewhere waits at most one interval.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { MaxWaitExceededError } from '../errors.js';
import { memoryStore } from '../stores/memory.js';
import type { RateLimitStore } from '../stores/types.js';
import { envelopeViolations } from '../../test/helpers/envelope.js';
import { createRateLimiter } from './rate-limiter.js';

const T0 = 1_700_000_000_000;

/** A memory store that counts takes and refunds (store operations). */
function countingStore() {
  const inner = memoryStore();
  const counts = { take: 0, refund: 0 };
  const store: RateLimitStore = {
    ...inner,
    take: (key, request, now) => {
      if (request.cost > 0) counts.take++;
      return inner.take(key, request, now);
    },
    refund: (key, request, now) => {
      counts.refund++;
      return inner.refund(key, request, now);
    },
  };
  return { store, counts };
}

describe('reservations', () => {
  it('a waiting caller makes one store call and is granted at its slot', async () => {
    const clock = createManualClock();
    const { store, counts } = countingStore();
    const limiter = createRateLimiter({ rate: 10, burst: 1, store, clock });
    const grants: number[] = [];
    for (let i = 0; i < 5; i++) {
      const p = limiter.acquire();
      await clock.runAll();
      grants.push((await p).at);
    }
    expect(grants.map((t) => t - T0)).toEqual([0, 100, 200, 300, 400]);
    expect(counts.take).toBe(5);
  });

  it('limiters sharing a store (processes) are served in the order they reserved', async () => {
    const clock = createManualClock();
    const { store, counts } = countingStore();
    const make = () => createRateLimiter({ rate: 10, burst: 2, store, key: 'acct', clock });
    const procs = Array.from({ length: 4 }, make);
    const order: number[] = [];
    const times: number[] = [];
    const loops = procs.map(async (limiter, i) => {
      for (let n = 0; n < 10; n++) {
        const g = await limiter.acquire();
        order.push(i);
        times.push(g.at);
      }
    });
    await clock.runAll();
    await Promise.all(loops);
    expect(counts.take).toBe(40);
    expect(envelopeViolations(times, 10, 2)).toBe(0);
    // Round robin once the burst is spent: no process waits more than one round (4 slots).
    const rounds = order.slice(4);
    for (let i = 4; i < rounds.length; i++) expect(rounds[i]).toBe(rounds[i - 4]);
    expect(times.at(-1)! - T0).toBe(3800);
  });

  it('an abort before the slot gives it back when it is the last reservation', async () => {
    const clock = createManualClock();
    const { store } = countingStore();
    const a = createRateLimiter({ rate: 1, burst: 1, store, clock });
    const b = createRateLimiter({ rate: 1, burst: 1, store, clock });
    await a.acquire();
    const controller = new AbortController();
    const aborted = a.acquire({ signal: controller.signal }); // slot at 1 s
    await clock.advance(100);
    controller.abort(new Error('cancelled'));
    await expect(aborted).rejects.toThrow('cancelled');
    const next = b.acquire();
    await clock.runAll();
    expect((await next).at).toBe(T0 + 1000);
    expect((await a.stats()).unusedSlots).toBe(0);
  });

  it('an abort before the slot leaves it unused when a later reservation exists, and says so', async () => {
    const clock = createManualClock();
    const { store } = countingStore();
    const a = createRateLimiter({ rate: 1, burst: 1, store, clock });
    const b = createRateLimiter({ rate: 1, burst: 1, store, clock });
    await a.acquire();
    const controller = new AbortController();
    const aborted = a.acquire({ signal: controller.signal }); // slot at 1 s
    const later = b.acquire(); // slot at 2 s
    await clock.advance(100);
    controller.abort(new Error('cancelled'));
    await expect(aborted).rejects.toThrow('cancelled');
    const last = b.acquire();
    await clock.runAll();
    // Nobody is granted twice in one slot: the 1 s slot stays empty.
    expect((await later).at).toBe(T0 + 2000);
    expect((await last).at).toBe(T0 + 3000);
    expect((await a.stats()).unusedSlots).toBe(1);
  });

  it('maxWaitMs refuses a slot further ahead, with retryAfterMs, and reserves nothing', async () => {
    const clock = createManualClock();
    const { store, counts } = countingStore();
    const limiter = createRateLimiter({ rate: 2, burst: 1, store, clock, maxWaitMs: 5000 });
    await limiter.acquire();
    const waits = [limiter.acquire(), limiter.acquire()]; // 0.5 s, then 1 s
    const refused = limiter.acquire({ maxWaitMs: 1200 }).catch((e: unknown) => e);
    await clock.runAll();
    await Promise.all(waits);
    const err = await refused;
    expect(err).toBeInstanceOf(MaxWaitExceededError);
    expect(err).toMatchObject({ code: 'MAX_WAIT_EXCEEDED', maxWaitMs: 1200 });
    expect((err as MaxWaitExceededError).retryAfterMs).toBeCloseTo(300, 6);
    // Refused without taking: the next caller gets the 1.5 s slot.
    const taken = counts.take;
    const next = limiter.acquire({ maxWaitMs: 0 }).catch((e: unknown) => e);
    expect(await next).toBeInstanceOf(MaxWaitExceededError);
    expect(counts.take).toBe(taken + 1);
    await expect(limiter.acquire({ maxWaitMs: -1 })).rejects.toMatchObject({
      field: 'maxWaitMs',
    });
  });

  it('an interactive caller waits at most one interval while another limiter runs bulk at full rate', async () => {
    const clock = createManualClock();
    const { store } = countingStore();
    const rate = 10;
    const exporter = createRateLimiter({ rate, burst: 5, store, key: 'acct', clock });
    const tools = createRateLimiter({ rate, burst: 5, store, key: 'acct', clock });
    const times: number[] = [];
    let stop = false;
    // Four concurrent bulk loops in the exporting "process".
    const bulk = Array.from({ length: 4 }, async () => {
      while (!stop) times.push((await exporter.acquire({ priority: 'bulk' })).at);
    });
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      await clock.advance(130 + ((i * 37) % 90));
      let done = false;
      const p = tools.acquire({ priority: 'interactive' }).finally(() => (done = true));
      const started = clock.now();
      await clock.advance(0);
      while (!done) await clock.next();
      const g = await p;
      times.push(g.at);
      waits.push(clock.now() - started);
    }
    stop = true;
    await clock.runAll();
    await Promise.all(bulk);
    expect(Math.max(...waits)).toBeLessThanOrEqual(1000 / rate);
    expect(envelopeViolations(times, rate, 5)).toBe(0);
    // The exporter still used the rest of the budget.
    expect(times.length).toBeGreaterThan(35);
  });

  it("takes 'interactive', 'bulk' or a number as priority, and nothing else", async () => {
    const limiter = createRateLimiter({ clock: createManualClock() });
    await expect(limiter.acquire({ priority: 'bulk' })).resolves.toBeDefined();
    await expect(limiter.acquire({ priority: 'interactive' })).resolves.toBeDefined();
    await expect(limiter.acquire({ priority: -5 })).resolves.toBeDefined();
    await expect(
      limiter.acquire({ priority: 'urgent' as unknown as 'bulk' }),
    ).rejects.toMatchObject({ field: 'priority' });
    expect(() => createRateLimiter({ bulkHorizonMs: -1 })).toThrow(/bulkHorizonMs/);
  });
});
