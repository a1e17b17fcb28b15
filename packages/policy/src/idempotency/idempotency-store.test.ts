import { createManualClock } from '@tgmcp/ratelimit';
import { describe, expect, it } from 'vitest';
import { createIdempotencyStore, memoryStateStore } from '../index.js';

const H = 'a'.repeat(64);

function setup(enabled = true) {
  const clock = createManualClock();
  const idem = createIdempotencyStore({
    store: memoryStateStore(),
    enabled,
    windowSec: 3600,
    leaseSec: 60,
    clock,
  });
  return { clock, idem };
}

describe('idempotency store', () => {
  it('claim -> complete -> same claim returns the original result as a duplicate', async () => {
    const { clock, idem } = setup();
    const c = await idem.claim(H);
    expect(c.kind).toBe('claimed');
    if (c.kind !== 'claimed') return;
    await idem.complete(H, c.token, { message_id: 7 });
    await clock.advance(1000);
    const d = await idem.claim(H);
    expect(d).toMatchObject({ kind: 'duplicate', result: { message_id: 7 }, retryAfterSec: 3599 });
    await clock.advance(3600_000);
    expect((await idem.claim(H)).kind).toBe('claimed');
  });

  it('a running claim refuses a second one with DUPLICATE, even forced', async () => {
    const { idem } = setup();
    await idem.claim(H);
    await expect(idem.claim(H)).rejects.toMatchObject({ code: 'DUPLICATE', retryAfterSec: 60 });
    await expect(idem.claim(H, { force: true })).rejects.toMatchObject({ code: 'DUPLICATE' });
  });

  it('a claim left pending past its lease is IN_DOUBT, never silently re-run', async () => {
    const { clock, idem } = setup();
    await idem.claim(H);
    await clock.advance(61_000);
    await expect(idem.claim(H)).rejects.toMatchObject({ code: 'IN_DOUBT' });
    expect((await idem.peek(H))?.state).toBe('pending');
    expect((await idem.claim(H, { force: true })).kind).toBe('claimed');
  });

  it('failed may be retried; in_doubt may not without force', async () => {
    const { idem } = setup();
    const a = await idem.claim(H);
    if (a.kind !== 'claimed') throw new Error('x');
    await idem.fail(H, a.token, { code: 'X', message: 'refused by Telegram' });
    const b = await idem.claim(H);
    expect(b.kind).toBe('claimed');
    if (b.kind !== 'claimed') return;
    await idem.fail(H, b.token, { code: 'REQUEST_TIMEOUT', message: 'no answer' }, true);
    await expect(idem.claim(H)).rejects.toMatchObject({ code: 'IN_DOUBT' });
  });

  it("a stale failure does not clobber someone else's forced claim", async () => {
    const { clock, idem } = setup();
    const a = await idem.claim(H);
    await clock.advance(61_000);
    const b = await idem.claim(H, { force: true });
    if (a.kind !== 'claimed' || b.kind !== 'claimed') throw new Error('x');
    await idem.fail(H, a.token, { code: 'X', message: 'late' });
    expect((await idem.peek(H))?.token).toBe(b.token);
    expect((await idem.peek(H))?.state).toBe('pending');
  });

  it('force resends over a done record', async () => {
    const { idem } = setup();
    const a = await idem.claim(H);
    if (a.kind !== 'claimed') throw new Error('x');
    await idem.complete(H, a.token, 1);
    expect((await idem.claim(H, { force: true })).kind).toBe('claimed');
  });

  it('disabled: every claim passes and nothing is stored', async () => {
    const { idem } = setup(false);
    const a = await idem.claim(H);
    expect(a).toMatchObject({ kind: 'claimed', tracked: false });
    if (a.kind === 'claimed') await idem.complete(H, a.token, 1);
    expect((await idem.claim(H)).kind).toBe('claimed');
  });

  it('prunes expired records', async () => {
    const { clock, idem } = setup();
    const a = await idem.claim(H);
    if (a.kind === 'claimed') await idem.complete(H, a.token, 1);
    await clock.advance(3600_000);
    expect((await idem.prune()).removed).toBe(1);
  });
});
