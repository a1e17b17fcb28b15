import { createManualClock } from '@tgmcp/ratelimit';
import { describe, expect, it } from 'vitest';
import { withDeadline } from './call-deadline.js';

const never = () => new Promise<never>(() => {});

describe('withDeadline', () => {
  it('answers TIMEOUT with the connection state once the deadline passes', async () => {
    const clock = createManualClock();
    const call = withDeadline(never, {
      timeoutMs: 50_000,
      clock,
      connection: () =>
        Promise.resolve({
          state: 'reconnecting',
          connected: false,
          since: '2026-01-01T00:00:00.000Z',
          reconnects: 3,
          attempts: 2,
          last_error: { message: 'connect ECONNREFUSED', at: '2026-01-01T00:00:00.000Z' },
          ping_timeouts: 0,
          interrupted: { writes: 0, reads: 0 },
          max_recovery_ms: null,
          last_recovery_ms: null,
        }),
    });
    const outcome = call.catch((e: unknown) => e);
    await clock.advance(49_999);
    await clock.advance(1);
    const err = (await outcome) as { code: string; message: string };
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toContain('reconnecting');
    expect(err.message).toContain('ECONNREFUSED');
  });

  it('time held for a person does not count; expired tells late work not to start', async () => {
    const clock = createManualClock();
    let expired: AbortSignal | undefined;
    let decide!: () => void;
    const call = withDeadline(
      async (d) => {
        expired = d.expired;
        await clock.sleep(10_000);
        await d.hold(() => new Promise<void>((r) => (decide = r)));
        await never();
      },
      { timeoutMs: 20_000, clock, connection: () => Promise.resolve(undefined) },
    ).catch((e: unknown) => e);
    await clock.advance(10_000);
    // A person takes ten minutes: the deadline waits.
    await clock.advance(600_000);
    expect(expired?.aborted).toBe(false);
    decide();
    await clock.advance(9_999);
    expect(expired?.aborted).toBe(false);
    await clock.advance(1);
    expect(((await call) as { code: string }).code).toBe('TIMEOUT');
    expect(expired?.aborted).toBe(true);
  });
});
