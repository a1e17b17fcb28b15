import { createManualClock, memoryStore } from '@tgmcp/ratelimit';
import { describe, expect, it } from 'vitest';
import { QuotaExceededRefusal, createActionQuotas, quotaNeeds } from '../index.js';

const limits = { dm: 2, join: 3, group_msg: 5, first_contact: 1 };

describe('quotaNeeds', () => {
  it('charges by resolved peer type, not by tool (D7)', () => {
    expect(quotaNeeds('send_message', 'user')).toEqual([{ kind: 'dm', n: 1 }]);
    expect(quotaNeeds('send_file', 'bot', { firstContact: true })).toEqual([
      { kind: 'dm', n: 1 },
      { kind: 'first_contact', n: 1 },
    ]);
    expect(quotaNeeds('send_message', 'supergroup')).toEqual([{ kind: 'group_msg', n: 1 }]);
    expect(quotaNeeds('add_member', 'channel')).toEqual([{ kind: 'join', n: 1 }]);
    expect(quotaNeeds('migrate_member', 'group')).toEqual([{ kind: 'join', n: 2 }]);
  });
});

describe('action quotas', () => {
  it('reserves all kinds or none and refunds', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1, 12));
    const q = createActionQuotas({ store: memoryStore(), limits, account: '1', clock });
    const first = [
      { kind: 'dm', n: 1 },
      { kind: 'first_contact', n: 1 },
    ] as const;
    const r = await q.reserve(first);
    const err = await q.reserve(first).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(QuotaExceededRefusal);
    expect(err).toMatchObject({
      code: 'QUOTA_EXCEEDED',
      kind: 'first_contact',
      retryAfterSec: 12 * 3600,
    });
    // The dm unit taken before first_contact refused was given back.
    expect((await q.usage()).dm?.used).toBe(1);
    await r.refund();
    await r.refund();
    expect((await q.usage()).dm?.used).toBe(0);
    expect((await q.usage()).first_contact?.used).toBe(0);
  });

  it('check refuses without taking; the day rolls over at UTC midnight', async () => {
    const clock = createManualClock(Date.UTC(2026, 0, 1, 23, 59));
    const q = createActionQuotas({ store: memoryStore(), limits, account: '1', clock });
    await q.reserve([{ kind: 'join', n: 3 }]);
    await expect(q.check([{ kind: 'join', n: 1 }])).rejects.toMatchObject({
      code: 'QUOTA_EXCEEDED',
    });
    await clock.advance(60_000);
    await q.check([{ kind: 'join', n: 1 }]);
  });

  it('never overshoots under concurrency', async () => {
    const q = createActionQuotas({
      store: memoryStore(),
      limits,
      account: '1',
      clock: createManualClock(),
    });
    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => q.reserve([{ kind: 'group_msg', n: 1 }])),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
  });

  it('keeps accounts apart', async () => {
    const store = memoryStore();
    const a = createActionQuotas({ store, limits, account: '1' });
    const b = createActionQuotas({ store, limits, account: '2' });
    await a.reserve([{ kind: 'dm', n: 2 }]);
    await b.reserve([{ kind: 'dm', n: 2 }]);
    await expect(a.reserve([{ kind: 'dm', n: 1 }])).rejects.toMatchObject({
      code: 'QUOTA_EXCEEDED',
    });
  });
});
