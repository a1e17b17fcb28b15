// A protected real gramjs client against a fake DC from @tgmcp/testkit.
import {
  createCallGuard,
  createCircuitBreaker,
  createFloodMemory,
  createRateLimiter,
  memoryStore,
  type RateLimitStore,
  type WaitEvent,
} from '@tgmcp/ratelimit';
import { demoWorld, type FakeTelegram, startFakeTelegram, type World } from '@tgmcp/testkit';
import { TelegramClient } from 'telegram';
import { StringSession } from 'telegram/sessions/index.js';
import { afterEach } from 'vitest';
import { RequestMetrics, protectClient, type RequestEvent, type Role } from '../src/index.js';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});

export interface SetupOptions {
  role: Role;
  world?: World;
  fake?: FakeTelegram;
  store?: RateLimitStore;
  rate?: number;
  burst?: number;
  timeoutMs?: number;
  maxWaitSec?: number;
}

export async function setup(o: SetupOptions) {
  const fake = o.fake ?? (await startFakeTelegram({ world: o.world ?? demoWorld() }));
  if (!o.fake) cleanup.push(() => fake.close());
  const store = o.store ?? memoryStore();
  const waits: WaitEvent[] = [];
  const events: Array<RequestEvent & { at: number }> = [];
  const metrics = new RequestMetrics();
  const guard = createCallGuard({
    limiter: createRateLimiter({
      rate: o.rate ?? 1000,
      burst: o.burst ?? 1000,
      store,
      key: 'acct',
    }),
    flood: createFloodMemory({ store, key: 'acct' }),
    breaker: createCircuitBreaker({ store, key: 'acct' }),
    maxWaitSec: o.maxWaitSec ?? 60,
    onWait: (e) => waits.push(e),
  });
  const client = new TelegramClient(
    new StringSession(fake.sessionString),
    1,
    'x',
    fake.connectOptions,
  );
  const { writeCapability } = protectClient(client, {
    role: o.role,
    guard,
    timeoutMs: o.timeoutMs,
    onRequest: (e) => events.push({ ...e, at: Date.now() }),
    onTiming: metrics.observe,
  });
  cleanup.push(() => client.destroy());
  if (!(await client.connect())) throw new Error('could not connect');
  return {
    fake,
    client,
    store,
    waits,
    events,
    writeCapability,
    metrics,
    sent: () => events.filter((e) => e.outcome === 'sent'),
  };
}
