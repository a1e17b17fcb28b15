// Connection health through real gramjs against the fake DC's faults: reconnects after drops,
// a DC down past gramjs's own retries, half-open connections found by our ping, reads resent
// once, writes never resent blindly.
import { describe, expect, it } from 'vitest';
import { ConnectionInterruptedError, backoffMs } from '../src/index.js';
import { open, startFake } from './ops-setup.js';

const fast = { pingIntervalMs: 300, pingTimeoutMs: 400, checkMs: 50, backoffMaxMs: 1000 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(check: () => boolean | Promise<boolean>, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(25);
  }
}

describe('backoffMs', () => {
  it('grows exponentially, is bounded, and jitters within half to all of the step', () => {
    expect(backoffMs(0, 500, 3000, () => 0.999)).toBeLessThanOrEqual(500);
    expect(backoffMs(0, 500, 3000, () => 0)).toBe(250);
    expect(backoffMs(2, 500, 3000, () => 0.999)).toBeGreaterThan(1990);
    expect(backoffMs(20, 500, 3000, () => 0.999)).toBeLessThanOrEqual(3000);
    expect(backoffMs(20, 500, 3000, () => 0)).toBe(1500);
  });
});

describe('connection health (real gramjs, fake DC faults)', () => {
  it('a dropped connection: gramjs reconnects, reads go on, stats count the reconnect', async () => {
    const fake = await startFake();
    const tg = await open(fake, { health: fast });
    expect((await tg.stats()).connection).toMatchObject({ state: 'connected', reconnects: 0 });
    fake.faults.drop();
    expect((await tg.getChatInfo('@club')).title).toBe('Club');
    await until(async () => (await tg.stats()).connection.reconnects === 1);
    expect((await tg.stats()).connection).toMatchObject({ connected: true, attempts: 0 });
  });

  it('a DC down past gramjs retries: the watchdog reconnects with backoff once it is back', async () => {
    const fake = await startFake();
    const tg = await open(fake, { health: fast });
    await fake.faults.down();
    // gramjs (2 retries 50 ms apart in tests) gives up; the watchdog keeps trying.
    await until(async () => (await tg.stats()).connection.state === 'disconnected');
    await sleep(1500);
    const down = (await tg.stats()).connection;
    expect(down.connected).toBe(false);
    expect(down.attempts).toBeGreaterThanOrEqual(1);
    expect(down.last_error).not.toBeNull();
    await fake.faults.up();
    const back = Date.now();
    await until(async () => (await tg.stats()).connection.connected);
    expect((await tg.getChatInfo('@club')).title).toBe('Club');
    expect(Date.now() - back).toBeLessThan(5000);
    expect((await tg.stats()).connection.max_recovery_ms).toBeGreaterThan(0);
  });

  it('a half-open connection: our ping finds it, the read in flight is resent once and answered', async () => {
    const fake = await startFake();
    const tg = await open(fake, { health: fast });
    await tg.getChatInfo('@club');
    fake.faults.stall();
    const info = tg.getUser('@alice');
    expect((await info).username).toBe('alice');
    const s = (await tg.stats()).connection;
    expect(s.ping_timeouts).toBeGreaterThanOrEqual(1);
    expect(s.reconnects).toBeGreaterThanOrEqual(1);
  });

  it('a read interrupted twice fails with CONNECTION_INTERRUPTED instead of hanging', async () => {
    const fake = await startFake();
    const tg = await open(fake, { health: fast });
    await tg.getChatInfo('@club');
    fake.limits.add({ kind: 'stall', method: 'contacts.ResolveUsername' });
    const read = tg.getUser('@david').catch((e: unknown) => e);
    await until(() => fake.requests.count('contacts.ResolveUsername') === 1);
    fake.faults.drop();
    await until(() => fake.requests.count('contacts.ResolveUsername') === 2);
    fake.faults.drop();
    const err = await read;
    expect(err).toBeInstanceOf(ConnectionInterruptedError);
    expect(err).toMatchObject({ code: 'CONNECTION_INTERRUPTED', write: false });
    expect((await tg.stats()).connection.interrupted.reads).toBe(1);
  });

  it('a write on a connection that stalls is failed in doubt and never resent', async () => {
    const fake = await startFake();
    const tg = await open(fake, { role: 'actions', health: fast });
    const peer = await tg.pinPeer('@club');
    fake.faults.stall({ process: true });
    const err = await tg
      .writeCapability!.run(() => tg.sendMessage(peer, 'exactly once', { randomId: '77' }))
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONNECTION_INTERRUPTED', write: true, inDoubt: true });
    // Carried out once by the DC, not sent again after the reconnect.
    await sleep(300);
    expect(fake.requests.count('messages.SendMessage')).toBe(1);
    const texts: string[] = [];
    for await (const m of tg.iterMessages('@club', { limit: 5 })) texts.push(m.text ?? '');
    expect(texts.filter((t) => t === 'exactly once')).toHaveLength(1);
    expect((await tg.stats()).connection.interrupted.writes).toBe(1);
  });
});
