import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { CircuitOpenError, InvalidOptionError } from '../errors.js';
import { memoryStore } from '../stores/memory.js';
import { createCircuitBreaker } from './circuit-breaker.js';

describe('createCircuitBreaker', () => {
  it('ignores waits below the threshold', async () => {
    const breaker = createCircuitBreaker({ store: memoryStore(), clock: createManualClock() });
    expect(await breaker.trip(299)).toBe(false);
    await expect(breaker.check()).resolves.toBeUndefined();
  });

  it('opens at the threshold for the cooldown, for every instance on the store, then closes', async () => {
    const store = memoryStore();
    const clock = createManualClock();
    const a = createCircuitBreaker({ store, clock, key: 'acct' });
    const b = createCircuitBreaker({ store, clock, key: 'acct' });
    expect(await a.trip(300)).toBe(true);
    const err = await b.check().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CircuitOpenError);
    expect(err).toMatchObject({ code: 'CIRCUIT_OPEN', retryAfterSec: 900 });
    expect(await b.state()).toEqual({
      enabled: true,
      open: true,
      remainingSec: 900,
      thresholdSec: 300,
      cooldownSec: 900,
    });
    await clock.advance(899_000);
    await expect(b.check()).rejects.toMatchObject({ retryAfterSec: 1 });
    await clock.advance(1000);
    await expect(b.check()).resolves.toBeUndefined();
  });

  it('stays open as long as the wait itself when that is longer than the cooldown', async () => {
    const clock = createManualClock();
    const breaker = createCircuitBreaker({
      store: memoryStore(),
      clock,
      thresholdSec: 60,
      cooldownSec: 120,
    });
    await breaker.trip(3600);
    await clock.advance(120_000);
    await expect(breaker.check()).rejects.toMatchObject({ retryAfterSec: 3480 });
  });

  it('threshold 0 never opens; reset closes', async () => {
    const store = memoryStore();
    const off = createCircuitBreaker({ store, thresholdSec: 0, clock: createManualClock() });
    expect(await off.trip(86_400)).toBe(false);
    expect((await off.state()).enabled).toBe(false);
    const on = createCircuitBreaker({ store, clock: createManualClock() });
    await on.trip(1000);
    await on.reset();
    await expect(on.check()).resolves.toBeUndefined();
  });

  it('rejects bad options', () => {
    expect(() => createCircuitBreaker({ store: memoryStore(), thresholdSec: -1 })).toThrow(
      InvalidOptionError,
    );
    expect(() => createCircuitBreaker({ store: memoryStore(), cooldownSec: Number.NaN })).toThrow(
      /cooldownSec/,
    );
  });
});
