// The grammY transformer with real grammY against a local fake Bot API server. Time is a
// manual clock: waits are asserted in clock time and nothing sleeps for real.
import { Api, GrammyError } from 'grammy';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock, type ManualClock } from '../src/clock.js';
import { rateLimitTransformer, type GrammyRateLimitOptions } from '../src/grammy.js';
import type { WaitEvent } from '../src/guard/call-guard.js';
import { InvalidOptionError } from '../src/index.js';
import { envelopeViolations } from './helpers/envelope.js';
import { type FakeBotApi, startFakeBotApi } from './helpers/fake-bot-api.js';

let server: FakeBotApi | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(options: Omit<GrammyRateLimitOptions, 'clock' | 'onWait'> = {}) {
  const clock = createManualClock();
  server = await startFakeBotApi(clock);
  const waits: WaitEvent[] = [];
  const api = new Api('123:TEST', { apiRoot: server.apiRoot });
  // grammY calls the last installed transformer first: this recorder, installed first, sits
  // between ours and the network and sees when ours lets a request go.
  const sent: number[] = [];
  const flight = { inFlight: 0 };
  api.config.use(async (prev, method, payload, signal) => {
    sent.push(clock.now());
    flight.inFlight++;
    try {
      return await prev(method, payload, signal);
    } finally {
      flight.inFlight--;
    }
  });
  api.config.use(rateLimitTransformer({ ...options, clock, onWait: (e) => waits.push(e) }));
  current = { flight };
  return { clock, api, waits, server, sent, flight };
}

let current: { flight: { inFlight: number } } | undefined;

/** Lets real HTTP finish, then moves manual time to the next wait, until `p` settles. */
async function drive<T>(clock: ManualClock, p: Promise<T>): Promise<T> {
  let settled = false;
  const outcome = p.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  void outcome.then(() => (settled = true));
  while (!settled) {
    await new Promise((r) => setTimeout(r, 1));
    if ((current?.flight.inFlight ?? 0) === 0) await clock.next();
  }
  const r = await outcome;
  if ('error' in r) throw r.error;
  return r.value;
}

describe('rateLimitTransformer with real grammY', () => {
  it('waits out a 429 retry_after and retries, reporting the wait', async () => {
    const { clock, api, waits, server } = await setup();
    server.tooManyRequests('sendMessage', 5);
    const t0 = clock.now();
    const sent = await drive(clock, api.sendMessage(42, 'hello'));
    expect(sent.text).toBe('hello');
    expect(server.calls.map((c) => c.method)).toEqual(['sendMessage', 'sendMessage']);
    expect(server.calls[1]!.at - server.calls[0]!.at).toBe(5000);
    expect(waits).toEqual([
      { reason: 'too_many_requests', seconds: 5, attempt: 1, method: 'sendMessage', chat: '42' },
    ]);
    expect(clock.now() - t0).toBe(5000);
  });

  it('returns a retry_after above maxWaitSec to grammY unchanged: GrammyError 429, one request', async () => {
    const { clock, api, waits, server } = await setup({ maxWaitSec: 10 });
    server.tooManyRequests('sendMessage', 30);
    const err = await drive(clock, api.sendMessage(42, 'x')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect(err).toMatchObject({ error_code: 429, parameters: { retry_after: 30 } });
    expect(server.calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });

  it('a second call to a chat in flood wait is not sent to Telegram', async () => {
    const { clock, api, server } = await setup({ maxWaitSec: 10 });
    server.tooManyRequests('sendMessage', 30);
    await drive(clock, api.sendMessage(42, 'x')).catch(() => undefined);
    const err = await drive(clock, api.sendMessage(42, 'again')).catch((e: unknown) => e);
    expect(err).toMatchObject({ error_code: 429 });
    expect((err as GrammyError).description).toContain('not sent');
    expect(server.calls).toHaveLength(1);
    // Another chat is not affected.
    await drive(clock, api.sendMessage(43, 'other chat'));
    expect(server.calls).toHaveLength(2);
  });

  it('paces messages to one chat at the per-chat rate after the burst', async () => {
    const { clock, api, server, sent } = await setup({ perChatRate: 1, perChatBurst: 2 });
    await drive(clock, Promise.all([1, 2, 3, 4, 5].map((i) => api.sendMessage(7, `m${i}`))));
    expect(server.calls).toHaveLength(5);
    const times = sent.map((t) => t - sent[0]!);
    expect(times).toEqual([0, 0, 1000, 2000, 3000]);
  });

  it('limits a group to its per-minute budget', async () => {
    const { clock, api, server, sent } = await setup({
      perGroupPerMinute: 20,
      perGroupBurst: 3,
      perChatRate: 100,
      perChatBurst: 100,
    });
    await drive(
      clock,
      Promise.all(Array.from({ length: 6 }, (_, i) => api.sendMessage(-1001234, `g${i}`))),
    );
    expect(server.calls).toHaveLength(6);
    const times = sent.map((t) => t - sent[0]!);
    expect(times).toEqual([0, 0, 0, 3000, 6000, 9000]);
  });

  it('caps the whole bot at the global rate (the envelope holds across chats)', async () => {
    const { clock, api, server, sent } = await setup({ globalRate: 10, globalBurst: 5 });
    await drive(
      clock,
      Promise.all(Array.from({ length: 25 }, (_, i) => api.sendMessage(1000 + i, 'hi'))),
    );
    expect(server.calls).toHaveLength(25);
    const times = sent;
    expect(times).toHaveLength(25);
    expect(envelopeViolations(times, 10, 5)).toBe(0);
    expect(Math.max(...times) - Math.min(...times)).toBe(2000);
  });

  it('reads are not paced per chat', async () => {
    const { clock, api, server } = await setup({ perChatRate: 0.1, perChatBurst: 1 });
    await drive(clock, Promise.all([api.getMe(), api.getMe(), api.getMe()]));
    expect(new Set(server.calls.map((c) => c.at)).size).toBe(1);
  });

  it('rejects bad options naming the field', () => {
    expect(() => rateLimitTransformer({ perChatRate: 0 })).toThrow(InvalidOptionError);
    expect(() => rateLimitTransformer({ globalRate: Number.NaN })).toThrow(/rate/);
    expect(() => rateLimitTransformer({ maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => rateLimitTransformer({ keyPrefix: '' })).toThrow(/keyPrefix/);
  });
});

type Listener = Parameters<EventTarget['addEventListener']>[1];
type GrammySignal = Parameters<Api['sendMessage']>[3];
// grammY declares the abort-controller ponyfill's signal type, which not even the platform's
// AbortSignal satisfies in TypeScript: callers cast, as this test does.
const asGrammySignal = (signal: AbortSignal | PonyfillSignal) => signal as unknown as GrammySignal;

/** A signal like the abort-controller ponyfill's: an EventTarget with `aborted`, not an AbortSignal. */
class PonyfillSignal extends EventTarget {
  aborted = false;
  /** The 'abort' listeners now registered. */
  readonly listening = new Set<unknown>();
  override addEventListener(
    type: string,
    listener: Listener,
    options?: Parameters<EventTarget['addEventListener']>[2],
  ) {
    if (type === 'abort') this.listening.add(listener);
    super.addEventListener(type, listener, options);
  }
  override removeEventListener(type: string, listener: Listener) {
    if (type === 'abort') this.listening.delete(listener);
    super.removeEventListener(type, listener);
  }
  abort() {
    this.aborted = true;
    this.dispatchEvent(new Event('abort'));
  }
}

describe('rateLimitTransformer cancellation', () => {
  /** Starts a send that meets a 429, and aborts while the transformer waits it out. */
  async function abortDuringWait(signal: AbortSignal | PonyfillSignal, abort: () => void) {
    const { clock, api, waits, server } = await setup();
    server.tooManyRequests('sendMessage', 5);
    const t0 = clock.now();
    const call = api.sendMessage(42, 'x', {}, asGrammySignal(signal)).catch((e: unknown) => e);
    while (waits.length === 0) await new Promise((r) => setTimeout(r, 1));
    abort();
    return { err: await call, calls: server.calls.length, elapsed: clock.now() - t0 };
  }

  it("a platform AbortSignal ends the transformer's wait", async () => {
    const controller = new AbortController();
    const r = await abortDuringWait(controller.signal, () => controller.abort(new Error('stop')));
    expect(r).toMatchObject({ err: { message: 'stop' }, calls: 1, elapsed: 0 });
  });

  it("a ponyfill signal (grammY's declared type) ends the wait too, and is let go after the call", async () => {
    const signal = new PonyfillSignal();
    const r = await abortDuringWait(signal, () => signal.abort());
    expect(r.err).toMatchObject({ name: 'AbortError' });
    expect(r).toMatchObject({ calls: 1, elapsed: 0 });

    const quiet = new PonyfillSignal();
    const { clock, api } = await setup();
    await drive(clock, api.sendMessage(42, 'y', {}, asGrammySignal(quiet)));
    expect(quiet.listening.size).toBe(0);
  });
});
