// Requests made inside asBulk (exports) are charged as bulk in the limiter shared by every
// client on the account: an interactive call of another client waits at most about one slot.
import { memoryStore } from '@tgmcp/ratelimit';
import { describe, expect, it } from 'vitest';
import { asBulk } from '../src/index.js';
import { setup } from './setup.js';

const RATE = 4; // one slot every 250 ms
const interval = 1000 / RATE;

async function interactiveWaitBehind(bulk: boolean): Promise<number> {
  const store = memoryStore();
  const a = await setup({ role: 'read', store, rate: RATE, burst: 1 });
  const b = await setup({ role: 'read', store, rate: RATE, burst: 1, fake: a.fake });
  // Client B: a bulk job of 12 concurrent requests at full rate.
  const job = () => Promise.all(Array.from({ length: 12 }, () => b.client.getMe()));
  const running = bulk ? asBulk(job) : job();
  await new Promise((r) => setTimeout(r, 3 * interval));
  const started = Date.now();
  await a.client.getMe();
  const waited = Date.now() - started;
  await running;
  return waited;
}

describe('request priority at the chokepoint', { timeout: 60_000 }, () => {
  it('an interactive call waits about one slot behind another client bulk job', async () => {
    const waited = await interactiveWaitBehind(true);
    // One slot interval plus scheduling slack on a loaded 2-core machine.
    expect(waited).toBeLessThanOrEqual(interval * 1.6);
  });

  it('asBulk is what makes the difference: the same job as interactive reserves ahead', async () => {
    const bulk = await interactiveWaitBehind(true);
    const interactive = await interactiveWaitBehind(false);
    expect(interactive).toBeGreaterThan(bulk);
  });
});
