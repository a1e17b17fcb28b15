import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCircuitBreaker } from '../breaker/circuit-breaker.js';
import { createManualClock } from '../clock.js';
import { CircuitOpenError, FloodWaitError } from '../errors.js';
import { createFloodMemory } from '../flood/flood-memory.js';
import { createRateLimiter } from '../limiter/rate-limiter.js';
import { fileStore } from '../stores/file.js';
import { createCallGuard } from './call-guard.js';

// Unreadable protection state stops the call before it reaches Telegram, at once: even a wait
// budget long enough to sleep through the assumed wait must not turn into an endless sleep loop.
let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'tgmcp-guard-unreadable-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

function setup() {
  const clock = createManualClock(Date.now());
  const store = fileStore({ dir: root, onWarning: () => undefined });
  const guard = createCallGuard({
    limiter: createRateLimiter({ rate: 100, burst: 100, store, clock, key: 'acct' }),
    flood: createFloodMemory({ store, clock, key: 'acct' }),
    breaker: createCircuitBreaker({ store, clock, key: 'acct' }),
    clock,
    maxWaitSec: 100_000,
  });
  let calls = 0;
  const fn = async () => {
    calls++;
    return 'sent';
  };
  return { clock, guard, fn, calls: () => calls };
}

describe('createCallGuard over unreadable state', () => {
  it('an unreadable breaker file: CircuitOpenError, nothing sent', async () => {
    const { guard, fn, calls } = setup();
    await writeFile(path.join(root, 'breaker%3aacct.json'), '{');
    await expect(guard.run({ method: 'messages.getHistory' }, fn)).rejects.toBeInstanceOf(
      CircuitOpenError,
    );
    expect(calls()).toBe(0);
  });

  it('an unreadable flood file: FloodWaitError at once (no in-call sleep), nothing sent', async () => {
    const { clock, guard, fn, calls } = setup();
    await writeFile(path.join(root, 'flood%3aacct%3aaccount.json'), '[]');
    const t0 = clock.now();
    const err = await guard.run({ method: 'messages.getHistory' }, fn).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FloodWaitError);
    expect(err).toMatchObject({
      code: 'FLOOD_WAIT',
      retryAfterSec: 900,
      scope: 'account',
      detail: { kind: 'state_unreadable' },
    });
    expect(clock.now()).toBe(t0);
    expect(calls()).toBe(0);
  });
});
