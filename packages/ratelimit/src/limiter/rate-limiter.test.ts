import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { InvalidOptionError } from '../errors.js';
import { memoryStore } from '../stores/memory.js';
import type { RateLimitStore } from '../stores/types.js';
import { createRateLimiter } from './rate-limiter.js';

/** Largest count of grants in any window [t_i, t_j] minus what the envelope allows there. */
export function worstEnvelopeExcess(times: number[], rate: number, burst: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let worst = -Infinity;
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i; j < sorted.length; j++) {
      const allowed = burst + (rate * (sorted[j]! - sorted[i]!)) / 1000;
      worst = Math.max(worst, j - i + 1 - allowed);
    }
  }
  return worst;
}

describe('createRateLimiter', () => {
  it('defaults to the seed: 4 requests/s with a burst of 8', async () => {
    const clock = createManualClock();
    const limiter = createRateLimiter({ clock });
    expect(limiter.rate).toBe(4);
    expect(limiter.burst).toBe(8);
    for (let i = 0; i < 8; i++) expect(await limiter.tryAcquire()).toEqual({ ok: true });
    const denied = await limiter.tryAcquire();
    expect(denied.ok).toBe(false);
    expect(denied.ok === false && denied.retryAfterMs).toBeCloseTo(250, 6);
    await clock.advance(250);
    expect(await limiter.tryAcquire()).toEqual({ ok: true });
  });

  it('waiting acquires are granted exactly one interval apart once the burst is spent', async () => {
    const clock = createManualClock();
    const limiter = createRateLimiter({ rate: 10, burst: 2, clock });
    const grants: number[] = [];
    const all = Array.from({ length: 6 }, () =>
      limiter.acquire().then(() => grants.push(clock.now())),
    );
    await clock.runAll();
    await Promise.all(all);
    const t0 = grants[0]!;
    expect(grants.map((t) => t - t0)).toEqual([0, 0, 100, 200, 300, 400]);
  });

  it('holds the envelope exactly: no window of W s sees more than burst + rate*W grants', async () => {
    const clock = createManualClock();
    const rate = 7;
    const burst = 5;
    const limiter = createRateLimiter({ rate, burst, clock });
    const grants: number[] = [];
    // Bursty, irregular demand: batches of callers arrive with gaps that let the bucket refill.
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pending: Promise<unknown>[] = [];
    for (let round = 0; round < 40; round++) {
      const n = Math.floor(rand() * 6);
      for (let i = 0; i < n; i++) pending.push(limiter.acquire().then((g) => grants.push(g.at)));
      await clock.advance(Math.floor(rand() * 900));
    }
    await clock.runAll();
    await Promise.all(pending);
    expect(grants.length).toBe(pending.length);
    expect(worstEnvelopeExcess(grants, rate, burst)).toBeLessThanOrEqual(1e-9);
    // And it is tight: at some point a full burst went at once.
    expect(worstEnvelopeExcess(grants, rate, burst)).toBeGreaterThan(-1);
  });

  it('two limiters on one store share one budget', async () => {
    const clock = createManualClock();
    const store = memoryStore();
    const a = createRateLimiter({ rate: 1, burst: 3, store, key: 'acct', clock });
    const b = createRateLimiter({ rate: 1, burst: 3, store, key: 'acct', clock });
    const other = createRateLimiter({ rate: 1, burst: 3, store, key: 'other', clock });
    expect((await a.tryAcquire()).ok).toBe(true);
    expect((await b.tryAcquire()).ok).toBe(true);
    expect((await a.tryAcquire()).ok).toBe(true);
    expect((await b.tryAcquire()).ok).toBe(false);
    expect((await other.tryAcquire()).ok).toBe(true);
  });

  it('serves waiters in order within a priority and higher priorities first', async () => {
    const clock = createManualClock();
    const limiter = createRateLimiter({ rate: 1, burst: 1, clock });
    await limiter.acquire();
    const order: string[] = [];
    const waits = [
      limiter.acquire({ priority: 0 }).then(() => order.push('export-1')),
      limiter.acquire({ priority: 0 }).then(() => order.push('export-2')),
      limiter.acquire({ priority: 0 }).then(() => order.push('export-3')),
    ];
    await clock.advance(10);
    waits.push(limiter.acquire({ priority: 10 }).then(() => order.push('interactive')));
    await clock.runAll();
    await Promise.all(waits);
    // export-1 was already at the head (waiting on the bucket) when the interactive call came.
    expect(order).toEqual(['export-1', 'interactive', 'export-2', 'export-3']);
  });

  it('an aborted acquire rejects at once and takes nothing', async () => {
    const clock = createManualClock();
    const limiter = createRateLimiter({ rate: 1, burst: 1, clock });
    await limiter.acquire();
    const controller = new AbortController();
    const aborted = limiter.acquire({ signal: controller.signal });
    const next = limiter.acquire();
    let nextAt = -1;
    void next.then(() => (nextAt = clock.now()));
    await clock.advance(100);
    controller.abort(new Error('user cancelled'));
    await expect(aborted).rejects.toThrow('user cancelled');
    await clock.runAll();
    await next;
    // The aborted waiter's token went to the next caller: granted at 1 s, not 2 s.
    expect((await limiter.stats()).granted).toBe(2);
    expect(nextAt).toBe(1_700_000_000_000 + 1000);
  });

  it('an already aborted signal rejects without touching the store', async () => {
    const limiter = createRateLimiter({ rate: 1, burst: 1, clock: createManualClock() });
    const controller = new AbortController();
    controller.abort();
    await expect(limiter.acquire({ signal: controller.signal })).rejects.toThrow();
    expect((await limiter.stats()).available).toBe(1);
  });

  it('gives back a token that was taken while the signal aborted', async () => {
    const clock = createManualClock();
    const inner = memoryStore();
    const controller = new AbortController();
    // A store whose take completes after the caller aborted (a slow file or network store).
    const slow: RateLimitStore = {
      ...inner,
      take: async (key, req, now) => {
        const result = await inner.take(key, req, now);
        if (req.cost > 0) controller.abort(new Error('too late'));
        return result;
      },
    };
    const limiter = createRateLimiter({ rate: 1, burst: 2, store: slow, clock });
    await expect(limiter.acquire({ signal: controller.signal })).rejects.toThrow('too late');
    expect((await limiter.stats()).available).toBeCloseTo(2, 9);
  });

  it('reports stats', async () => {
    const clock = createManualClock();
    const limiter = createRateLimiter({ rate: 2, burst: 2, clock });
    await limiter.acquire();
    await limiter.acquire();
    const third = limiter.acquire();
    await clock.runAll();
    await third;
    const stats = await limiter.stats();
    expect(stats).toMatchObject({ rate: 2, burst: 2, waiting: 0, granted: 3, throttled: 1 });
    expect(stats.available).toBeCloseTo(0, 9);
  });

  it.each([
    [{ rate: 0 }, 'rate'],
    [{ rate: -1 }, 'rate'],
    [{ rate: Number.NaN }, 'rate'],
    [{ rate: Number.POSITIVE_INFINITY }, 'rate'],
    [{ burst: 0.5 }, 'burst'],
    [{ burst: Number.NaN }, 'burst'],
    [{ burst: 0 }, 'burst'],
    [{ key: '' }, 'key'],
  ])('rejects bad options %o naming the field', (options, field) => {
    expect(() => createRateLimiter(options)).toThrow(InvalidOptionError);
    try {
      createRateLimiter(options);
    } catch (err) {
      expect((err as InvalidOptionError).field).toBe(field);
      expect((err as InvalidOptionError).code).toBe('INVALID_INPUT');
    }
  });

  it('rejects a cost it could never grant', async () => {
    const limiter = createRateLimiter({ rate: 1, burst: 3, clock: createManualClock() });
    await expect(limiter.acquire({ cost: 4 })).rejects.toMatchObject({ field: 'cost' });
    await expect(limiter.acquire({ cost: 0 })).rejects.toMatchObject({ field: 'cost' });
    await expect(limiter.tryAcquire({ cost: Number.NaN })).rejects.toMatchObject({ field: 'cost' });
    await expect(limiter.acquire({ priority: Number.NaN })).rejects.toMatchObject({
      field: 'priority',
    });
  });

  it('a cost of several tokens waits for all of them', async () => {
    const clock = createManualClock();
    const limiter = createRateLimiter({ rate: 2, burst: 4, clock });
    await limiter.acquire({ cost: 3 });
    const t0 = clock.now();
    const p = limiter.acquire({ cost: 3 });
    await clock.runAll();
    await p;
    expect(clock.now() - t0).toBe(1000);
  });
});
