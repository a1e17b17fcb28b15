import { describe, expect, it } from 'vitest';
import { blockingSleep, createManualClock, systemClock } from './clock.js';

describe('systemClock', () => {
  it('reads the wall clock and sleeps real time', async () => {
    const before = Date.now();
    expect(Math.abs(systemClock.now() - before)).toBeLessThan(1000);
    const t0 = performance.now();
    await systemClock.sleep(30);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  });

  it('rejects a sleep with the abort reason, at once or while sleeping', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(systemClock.sleep(10_000, ac.signal)).rejects.toThrow('stop');
    const later = new AbortController();
    const t0 = performance.now();
    const p = systemClock.sleep(10_000, later.signal);
    later.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(performance.now() - t0).toBeLessThan(5_000);
  });
});

describe('blockingSleep', () => {
  it('blocks the thread for the time asked', () => {
    const t0 = performance.now();
    blockingSleep(30);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
  });
});

describe('createManualClock', () => {
  it('moves only when told, waking sleepers in deadline order', async () => {
    const clock = createManualClock(1000);
    const woke: string[] = [];
    void clock.sleep(50).then(() => woke.push(`b@${clock.now()}`));
    void clock.sleep(10).then(() => woke.push(`a@${clock.now()}`));
    void clock.sleep(500).then(() => woke.push(`c@${clock.now()}`));
    expect(clock.pendingSleeps).toBe(3);
    await clock.advance(100);
    expect(woke).toEqual(['a@1010', 'b@1050']);
    expect(clock.now()).toBe(1100);
    expect(await clock.next()).toBe(true);
    expect(woke).toEqual(['a@1010', 'b@1050', 'c@1500']);
    expect(await clock.next()).toBe(false);
  });

  it('runAll runs until no sleeper is left; an aborted sleep is removed', async () => {
    const clock = createManualClock(0);
    const ac = new AbortController();
    const aborted = clock.sleep(100, ac.signal);
    let done = false;
    void (async () => {
      for (let i = 0; i < 3; i++) await clock.sleep(1000);
      done = true;
    })();
    ac.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    await clock.runAll();
    expect(done).toBe(true);
    expect(clock.now()).toBe(3000);
    expect(clock.pendingSleeps).toBe(0);
  });
});
