import { describe, expect, it } from 'vitest';
import { createManualClock } from '../clock.js';
import { InvalidOptionError, QuotaExceededError } from '../errors.js';
import { memoryStore } from '../stores/memory.js';
import { createDailyQuota, DEFAULT_DAILY_LIMITS } from './daily-quota.js';
import { dayWindow } from './day.js';

const at = (iso: string) => createManualClock(Date.parse(iso));

describe('createDailyQuota', () => {
  it('has the seed limits by default and allows other names', () => {
    const q = createDailyQuota({ store: memoryStore(), limits: { first_contact: 5 } });
    expect(DEFAULT_DAILY_LIMITS).toEqual({ dm: 20, join: 20, group_msg: 30 });
    expect(q.limits).toEqual({ dm: 20, join: 20, group_msg: 30, first_contact: 5 });
    expect(q.timeZone).toBe('UTC');
  });

  it('allows exactly the limit, then throws QuotaExceededError with its fields', async () => {
    const clock = at('2026-03-10T15:00:00Z');
    const q = createDailyQuota({ store: memoryStore(), limits: { dm: 3 }, clock });
    for (let i = 1; i <= 3; i++) expect((await q.consume('dm')).used).toBe(i);
    const err = await q.consume('dm').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QuotaExceededError);
    expect(err).toMatchObject({ code: 'QUOTA_EXCEEDED', kind: 'dm', limit: 3, used: 3 });
    expect((err as QuotaExceededError).resetsAt.toISOString()).toBe('2026-03-11T00:00:00.000Z');
    // retry_after follows the injected clock, not the wall clock.
    expect((err as QuotaExceededError).retryAfterSec).toBe(9 * 3600);
    await clock.advance(3600_000);
    expect((err as QuotaExceededError).retryAfterSec).toBe(8 * 3600);
    expect(JSON.stringify(err)).not.toContain('clock');
  });

  it('consume(n) is all or nothing', async () => {
    const q = createDailyQuota({
      store: memoryStore(),
      limits: { join: 5 },
      clock: at('2026-03-10T01:00:00Z'),
    });
    await q.consume('join', 4);
    await expect(q.consume('join', 2)).rejects.toBeInstanceOf(QuotaExceededError);
    expect((await q.usage()).join).toMatchObject({ used: 4, remaining: 1 });
  });

  it('is atomic: 100 concurrent consumers of a limit of 20 get exactly 20 units', async () => {
    const q = createDailyQuota({ store: memoryStore(), clock: at('2026-03-10T01:00:00Z') });
    const results = await Promise.allSettled(Array.from({ length: 100 }, () => q.consume('dm')));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    expect((await q.usage()).dm!.used).toBe(20);
  });

  it('starts a new day at midnight UTC by default, whatever the host zone', async () => {
    const clock = at('2026-03-10T23:59:59Z');
    const q = createDailyQuota({ store: memoryStore(), limits: { dm: 1 }, clock });
    await q.consume('dm');
    await expect(q.consume('dm')).rejects.toBeInstanceOf(QuotaExceededError);
    await clock.advance(1000);
    expect((await q.consume('dm')).day).toBe('2026-03-11');
  });

  it('uses the stated time zone for the day boundary', async () => {
    // 15:30 UTC is 00:30 the next day in Tokyo (UTC+9): a new day there.
    const clock = at('2026-03-10T14:30:00Z');
    const q = createDailyQuota({
      store: memoryStore(),
      limits: { dm: 1 },
      clock,
      timeZone: 'Asia/Tokyo',
    });
    const first = await q.consume('dm');
    expect(first.day).toBe('2026-03-10');
    expect(first.resetsAt.toISOString()).toBe('2026-03-10T15:00:00.000Z');
    await clock.advance(3_600_000);
    expect((await q.consume('dm')).day).toBe('2026-03-11');
  });

  it('handles days of 23 and 25 hours across DST changes', () => {
    // New York springs forward on 2026-03-08 and falls back on 2026-11-01.
    const spring = dayWindow(Date.parse('2026-03-08T12:00:00Z'), 'America/New_York');
    expect(spring.day).toBe('2026-03-08');
    expect(new Date(spring.endsAt).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    const fall = dayWindow(Date.parse('2026-11-01T12:00:00Z'), 'America/New_York');
    expect(new Date(fall.endsAt).toISOString()).toBe('2026-11-02T05:00:00.000Z');
  });

  it('refunds units without going below zero', async () => {
    const q = createDailyQuota({ store: memoryStore(), clock: at('2026-03-10T01:00:00Z') });
    await q.consume('group_msg', 2);
    expect((await q.refund('group_msg')).used).toBe(1);
    expect((await q.refund('group_msg', 5)).used).toBe(0);
  });

  it('shares counters through the store and keeps accounts apart', async () => {
    const store = memoryStore();
    const clock = at('2026-03-10T01:00:00Z');
    const a1 = createDailyQuota({ store, clock, key: 'acct-a', limits: { dm: 2 } });
    const a2 = createDailyQuota({ store, clock, key: 'acct-a', limits: { dm: 2 } });
    const b = createDailyQuota({ store, clock, key: 'acct-b', limits: { dm: 2 } });
    await a1.consume('dm');
    await a2.consume('dm');
    await expect(a1.consume('dm')).rejects.toBeInstanceOf(QuotaExceededError);
    expect((await b.consume('dm')).used).toBe(1);
  });

  it('rejects bad input naming the field', async () => {
    const store = memoryStore();
    const q = createDailyQuota({ store });
    await expect(q.consume('sms')).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'kind' });
    await expect(q.consume('dm', 0)).rejects.toMatchObject({ field: 'n' });
    await expect(q.consume('dm', 1.5)).rejects.toMatchObject({ field: 'n' });
    await expect(q.consume('toString')).rejects.toMatchObject({ field: 'kind' });
    expect(() => createDailyQuota({ store, timeZone: 'Mars/Olympus' })).toThrow(InvalidOptionError);
    expect(() => createDailyQuota({ store, limits: { dm: -1 } })).toThrow(/limits\.dm/);
    expect(() => createDailyQuota({ store, limits: { dm: Number.NaN } })).toThrow(/limits\.dm/);
    expect(() => createDailyQuota({ store, limits: { 'a b': 1 } })).toThrow(/limits/);
  });
});
