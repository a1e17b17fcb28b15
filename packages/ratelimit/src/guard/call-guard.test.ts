import { RPCMessageToError } from 'telegram/errors/index.js';
import { describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../breaker/circuit-breaker.js';
import { createManualClock } from '../clock.js';
import { CircuitOpenError, FloodWaitError, PeerFloodError, QuotaExceededError } from '../errors.js';
import { createFloodMemory } from '../flood/flood-memory.js';
import { createRateLimiter } from '../limiter/rate-limiter.js';
import { createDailyQuota } from '../quota/daily-quota.js';
import { memoryStore } from '../stores/memory.js';
import { createCallGuard, type WaitEvent } from './call-guard.js';

const floodError = (message: string) =>
  RPCMessageToError(
    { errorCode: 420, errorMessage: message } as never,
    { className: 'messages.SendMessage' } as never,
  ) as Error;

function setup(
  overrides: { maxWaitSec?: number; maxRetries?: number; limits?: Record<string, number> } = {},
) {
  const clock = createManualClock();
  const store = memoryStore();
  const waits: WaitEvent[] = [];
  const limiter = createRateLimiter({ rate: 100, burst: 100, store, clock });
  const flood = createFloodMemory({ store, clock });
  const breaker = createCircuitBreaker({ store, clock });
  const quota = createDailyQuota({ store, clock, limits: overrides.limits });
  const guard = createCallGuard({
    limiter,
    flood,
    breaker,
    quota,
    clock,
    maxWaitSec: overrides.maxWaitSec ?? 60,
    maxRetries: overrides.maxRetries,
    onWait: (e) => waits.push(e),
  });
  return { clock, store, waits, limiter, flood, breaker, quota, guard };
}

/** Runs a guarded call to completion while the manual clock moves. */
async function settle<T>(clock: ReturnType<typeof createManualClock>, p: Promise<T>): Promise<T> {
  const outcome = p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  await clock.runAll();
  const r = await outcome;
  if ('error' in r) throw r.error;
  return r.value;
}

describe('createCallGuard', () => {
  it('retries FLOOD_WAIT with the seed backoff (N+1, N+2, N+4) and reports every wait', async () => {
    const { clock, guard, waits } = setup();
    let calls = 0;
    const t0 = clock.now();
    const result = await settle(
      clock,
      guard.run({ method: 'messages.getHistory' }, async () => {
        calls++;
        if (calls <= 3) throw floodError('FLOOD_WAIT_5');
        return 'page';
      }),
    );
    expect(result).toBe('page');
    expect(calls).toBe(4);
    expect(waits.map((w) => [w.reason, w.seconds, w.attempt])).toEqual([
      ['flood_wait', 6, 1],
      ['flood_wait', 7, 2],
      ['flood_wait', 9, 3],
    ]);
    expect(clock.now() - t0).toBe(22_000);
  });

  it('after maxRetries throws FloodWaitError with retryAfterSec', async () => {
    const { clock, guard } = setup({ maxRetries: 1 });
    let calls = 0;
    const err = await settle(
      clock,
      guard.run({ method: 'm' }, async () => {
        calls++;
        throw floodError('FLOOD_WAIT_2');
      }),
    ).catch((e: unknown) => e);
    expect(calls).toBe(2);
    expect(err).toBeInstanceOf(FloodWaitError);
    expect(err).toMatchObject({ code: 'FLOOD_WAIT', retryAfterSec: 2, scope: 'method' });
  });

  it('does not sleep a wait longer than maxWaitSec: throws at once', async () => {
    const { clock, guard, waits } = setup({ maxWaitSec: 30 });
    const t0 = clock.now();
    const err = await settle(
      clock,
      guard.run({ method: 'm' }, () => Promise.reject(floodError('FLOOD_WAIT_120'))),
    ).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FLOOD_WAIT', retryAfterSec: 120 });
    expect(waits).toEqual([]);
    expect(clock.now()).toBe(t0);
  });

  it('a second call to a method in FLOOD_WAIT fails fast without reaching Telegram', async () => {
    const { clock, guard } = setup({ maxWaitSec: 10 });
    let calls = 0;
    const fn = async () => {
      calls++;
      throw floodError('FLOOD_WAIT_100');
    };
    await expect(
      settle(clock, guard.run({ method: 'messages.sendMessage' }, fn)),
    ).rejects.toBeInstanceOf(FloodWaitError);
    const second = await settle(clock, guard.run({ method: 'messages.sendMessage' }, fn)).catch(
      (e: unknown) => e,
    );
    expect(second).toMatchObject({
      code: 'FLOOD_WAIT',
      retryAfterSec: 100,
      detail: { kind: 'flood_memory' },
    });
    expect(calls).toBe(1);
    // Other methods are not affected.
    await expect(
      settle(
        clock,
        guard.run({ method: 'messages.getHistory' }, async () => 'ok'),
      ),
    ).resolves.toBe('ok');
  });

  it('waits out a remembered flood that fits the budget, then calls', async () => {
    const { clock, guard, flood, waits } = setup({ maxWaitSec: 60 });
    await flood.record({ kind: 'flood_wait', retryAfterSec: 20, scope: 'method' }, { method: 'm' });
    const t0 = clock.now();
    await expect(
      settle(
        clock,
        guard.run({ method: 'm' }, async () => 'ok'),
      ),
    ).resolves.toBe('ok');
    expect(clock.now() - t0).toBe(20_000);
    expect(waits[0]).toMatchObject({ reason: 'flood_memory', seconds: 20, attempt: 0 });
  });

  it('PEER_FLOOD is never retried', async () => {
    const { clock, guard, waits } = setup();
    let calls = 0;
    const err = await settle(
      clock,
      guard.run({ method: 'channels.inviteToChannel' }, async () => {
        calls++;
        throw RPCMessageToError(
          { errorCode: 400, errorMessage: 'PEER_FLOOD' } as never,
          {} as never,
        ) as Error;
      }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PeerFloodError);
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });

  it('a long FLOOD_WAIT opens the breaker: later calls fail fast with CircuitOpenError', async () => {
    const { clock, guard, breaker } = setup();
    let calls = 0;
    await expect(
      settle(
        clock,
        guard.run({ method: 'a' }, async () => {
          calls++;
          throw floodError('FLOOD_WAIT_400');
        }),
      ),
    ).rejects.toBeInstanceOf(FloodWaitError);
    expect((await breaker.state()).open).toBe(true);
    await expect(
      settle(
        clock,
        guard.run({ method: 'b' }, async () => calls++),
      ),
    ).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls).toBe(1);
  });

  it('charges the quota once per call, not per retry, and refunds it when the call never went through', async () => {
    const { clock, guard, quota } = setup({ limits: { group_msg: 5 } });
    let calls = 0;
    await settle(
      clock,
      guard.run({ method: 'messages.sendMessage', quotaKind: 'group_msg' }, async () => {
        if (++calls < 3) throw floodError('FLOOD_WAIT_1');
        return 'sent';
      }),
    );
    expect((await quota.usage()).group_msg!.used).toBe(1);
    await expect(
      settle(
        clock,
        guard.run({ method: 'messages.sendMessage', quotaKind: 'group_msg' }, () =>
          Promise.reject(floodError('FLOOD_WAIT_100')),
        ),
      ),
    ).rejects.toBeInstanceOf(FloodWaitError);
    expect((await quota.usage()).group_msg!.used).toBe(1);
    // An error Telegram may have acted on keeps the charge (the safe side).
    await expect(
      settle(
        clock,
        guard.run({ method: 'messages.sendMedia', quotaKind: 'group_msg' }, () =>
          Promise.reject(new Error('ECONNRESET')),
        ),
      ),
    ).rejects.toThrow('ECONNRESET');
    expect((await quota.usage()).group_msg!.used).toBe(2);
  });

  it('throws QuotaExceededError before calling when the quota is spent', async () => {
    const { clock, guard } = setup({ limits: { join: 1 } });
    let calls = 0;
    await settle(
      clock,
      guard.run({ method: 'channels.inviteToChannel', quotaKind: 'join' }, async () => calls++),
    );
    await expect(
      settle(
        clock,
        guard.run({ method: 'channels.inviteToChannel', quotaKind: 'join' }, async () => calls++),
      ),
    ).rejects.toBeInstanceOf(QuotaExceededError);
    expect(calls).toBe(1);
  });

  it('passes other errors through unchanged', async () => {
    const { clock, guard } = setup();
    const original = new Error('CHAT_WRITE_FORBIDDEN');
    await expect(
      settle(
        clock,
        guard.run({ method: 'm' }, () => Promise.reject(original)),
      ),
    ).rejects.toBe(original);
  });

  it('stops waiting when the signal aborts', async () => {
    const { clock, guard } = setup();
    const controller = new AbortController();
    let calls = 0;
    const p = guard.run({ method: 'm', signal: controller.signal }, async () => {
      calls++;
      throw floodError('FLOOD_WAIT_30');
    });
    const caught = p.catch((e: unknown) => e);
    await clock.advance(1000);
    controller.abort(new Error('cancelled'));
    expect(await caught).toMatchObject({ message: 'cancelled' });
    expect(calls).toBe(1);
  });

  it('rejects a call without a method and bad options', async () => {
    const { guard, limiter } = setup();
    await expect(guard.run({ method: '' }, async () => 1)).rejects.toMatchObject({
      field: 'method',
    });
    expect(() => createCallGuard({ limiter, maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => createCallGuard({ limiter, maxWaitSec: Number.NaN })).toThrow(/maxWaitSec/);
  });
});
