// protectClient against a fake Telegram through real gramjs: nothing bypasses the chokepoint.
import { Api } from 'telegram';
import { describe, expect, it } from 'vitest';
import { createManualClock, memoryStore } from '@tgmcp/ratelimit';
import type { TelegramClient } from 'telegram';
import { boundExportedSenders } from '../src/chokepoint/exported-senders.js';
import { RequestTimeoutError, SessionRevokedError, WriteBlockedError } from '../src/index.js';
import { setup } from './setup.js';

describe('protectClient', () => {
  it('read role: writes are refused before they leave the process, even through invoke', async () => {
    const { client, fake, events } = await setup({ role: 'read' });
    const peer = await client.getInputEntity('oss_hackers');
    await expect(
      client.invoke(new Api.messages.SendMessage({ peer, message: 'hi' })),
    ).rejects.toBeInstanceOf(WriteBlockedError);
    await expect(client.sendMessage('oss_hackers', { message: 'hi' })).rejects.toMatchObject({
      code: 'WRITE_BLOCKED',
    });
    await expect(
      client.invoke(new Api.account.ResetAuthorization({ hash: 1 as never })),
    ).rejects.toMatchObject({ code: 'WRITE_BLOCKED' });
    await expect(
      client.invoke(new Api.auth.AcceptLoginToken({ token: Buffer.alloc(8) })),
    ).rejects.toMatchObject({ code: 'WRITE_BLOCKED' });
    // A write hidden inside a wrapper is judged by what it wraps.
    await expect(
      client.invoke(
        new Api.InvokeWithoutUpdates({
          query: new Api.messages.SendMessage({ peer, message: 'hi' }),
        }),
      ),
    ).rejects.toMatchObject({ code: 'WRITE_BLOCKED', method: 'messages.SendMessage' });
    expect(fake.requests.writes()).toEqual([]);
    expect(events.filter((e) => e.outcome === 'blocked').length).toBe(5);
  });

  it('every request reaches Telegram through the chokepoint: connect, pages, file parts', async () => {
    const { client, fake, sent } = await setup({ role: 'read' });
    await client.getMe();
    await client.getDialogs({ limit: 100 });
    let n = 0;
    for await (const m of client.iterMessages('tech_news_daily', { limit: 250 })) if (m) n++;
    expect(n).toBe(250);
    await client.getParticipants('oss_hackers', { limit: 500 });
    const [message] = await client.getMessages('oss_hackers', { ids: [3] });
    const bytes = (await client.downloadMedia(message!, {})) as Buffer;
    expect(bytes.length).toBe(48_000);
    const methods = fake.requests.all().map((r) => r.method);
    expect(methods).toEqual(
      expect.arrayContaining([
        'help.GetConfig',
        'upload.GetFile',
        'messages.GetHistory',
        'channels.GetParticipants',
      ]),
    );
    // The fake DC saw exactly the requests the chokepoint let through, no more.
    expect(fake.requests.count()).toBe(sent().length);
    expect(
      sent()
        .map((e) => e.method)
        .sort(),
    ).toEqual([...methods].sort());
  });

  it('actions role: writes pass only inside the write capability', async () => {
    const { client, fake, writeCapability } = await setup({ role: 'actions' });
    await expect(client.sendMessage('oss_hackers', { message: 'direct' })).rejects.toMatchObject({
      code: 'WRITE_BLOCKED',
    });
    expect(fake.requests.writes()).toEqual([]);
    await writeCapability!.run(() => client.sendMessage('oss_hackers', { message: 'approved' }));
    expect(fake.requests.writes().map((r) => r.method)).toEqual(['messages.SendMessage']);
    const [latest] = await client.getMessages('oss_hackers', { limit: 1 });
    expect(latest!.message).toBe('approved');
  });

  it('a FLOOD_WAIT is waited (reported through onWait) and retried', async () => {
    const { client, fake, waits, metrics } = await setup({ role: 'read' });
    fake.limits.add({ kind: 'script', method: 'users.GetFullUser', nth: 1, error: 'FLOOD_WAIT_1' });
    const full = await client.invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }));
    expect(String(full.fullUser.id)).toBe('100000');
    expect(waits).toEqual([
      expect.objectContaining({
        reason: 'flood_wait',
        seconds: 2,
        attempt: 1,
        method: 'users.GetFullUser',
      }),
    ]);
    expect(
      fake.requests
        .all()
        .filter((r) => r.method === 'users.GetFullUser')
        .map((r) => r.result),
    ).toEqual(['FLOOD_WAIT_1', 'ok']);
    // The 2 s between the flood answer and the resend is flood-wait time; both sends are timed.
    const { flood_wait, by_method } = metrics.snapshot();
    expect(flood_wait.count).toBe(1);
    expect(flood_wait.total_ms).toBeGreaterThanOrEqual(1900);
    expect(flood_wait.max_ms).toBeGreaterThanOrEqual(1900);
    expect(by_method['users.GetFullUser']).toMatchObject({ count: 2, errors: 1 });
  });

  it('a FLOOD_WAIT above the threshold opens the breaker for a second client sharing the store', async () => {
    const store = memoryStore();
    const a = await setup({ role: 'read', store });
    a.fake.limits.add({
      kind: 'script',
      method: 'messages.GetDialogs',
      nth: 1,
      error: 'FLOOD_WAIT_400',
    });
    await expect(a.client.getDialogs({ limit: 10 })).rejects.toMatchObject({
      code: 'FLOOD_WAIT',
      retryAfterSec: 400,
    });
    const b = await setup({ role: 'read', store, fake: a.fake }).catch((e: unknown) => e);
    // The second client cannot even connect through the open breaker: nothing reaches Telegram.
    expect(b).toMatchObject({ code: 'CIRCUIT_OPEN' });
    expect(a.fake.requests.count('messages.GetDialogs')).toBe(1);
  });

  it('a revoked key becomes SessionRevokedError with a remedy, without retries', async () => {
    const { client, fake } = await setup({ role: 'read' });
    fake.limits.add({ kind: 'authKey', error: 'AUTH_KEY_DUPLICATED' });
    const err = await client
      .invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SessionRevokedError);
    expect((err as Error).message).toMatch(/log in again with `tgmcp-read login`/);
    expect(fake.requests.count('users.GetFullUser')).toBe(1);
  });

  it('a request with no answer in time fails with REQUEST_TIMEOUT', async () => {
    const { client, fake } = await setup({ role: 'read', timeoutMs: 200 });
    fake.limits.add({ kind: 'latency', method: 'users.GetFullUser', ms: 1000 });
    await expect(
      client.invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() })),
    ).rejects.toBeInstanceOf(RequestTimeoutError);
  });

  it('times every request it passes: RPC latency per method, timeouts as errors', async () => {
    const { client, fake, metrics, sent } = await setup({ role: 'read', timeoutMs: 500 });
    await client.getDialogs({ limit: 100 });
    let n = 0;
    for await (const m of client.iterMessages('tech_news_daily', { limit: 250 })) if (m) n++;
    expect(n).toBe(250);
    fake.limits.add({ kind: 'latency', method: 'users.GetFullUser', ms: 150 });
    for (let i = 0; i < 3; i++)
      await client.invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }));
    fake.limits.add({ kind: 'latency', method: 'users.GetUsers', ms: 2000 });
    await expect(client.getMe()).rejects.toBeInstanceOf(RequestTimeoutError);
    const { by_method, throttle } = metrics.snapshot();
    // One timing per request the chokepoint let through, for every method.
    const counts = Object.fromEntries(Object.entries(by_method).map(([m, s]) => [m, s.count]));
    const expected: Record<string, number> = {};
    for (const e of sent()) expected[e.method] = (expected[e.method] ?? 0) + 1;
    expect(counts).toEqual(expected);
    expect(counts['messages.GetHistory']).toBe(fake.requests.count('messages.GetHistory'));
    const full = by_method['users.GetFullUser']!;
    expect(full).toMatchObject({ count: 3, errors: 0 });
    expect(full.p50_ms).toBeGreaterThanOrEqual(140);
    expect(full.p95_ms).toBeGreaterThanOrEqual(full.p50_ms);
    expect(full.max_ms).toBeGreaterThanOrEqual(full.p95_ms);
    expect(by_method['users.GetUsers']).toMatchObject({ errors: 1 });
    expect(by_method['users.GetUsers']!.max_ms).toBeGreaterThanOrEqual(490);
    expect(throttle.count).toBeGreaterThan(0);
  });

  it('times the wait for the rate limiter before each send', async () => {
    const { client, metrics } = await setup({ role: 'read', rate: 5, burst: 1 });
    const t0 = Date.now();
    for (let i = 0; i < 4; i++)
      await client.invoke(new Api.users.GetFullUser({ id: new Api.InputUserSelf() }));
    const elapsed = Date.now() - t0;
    const { throttle, flood_wait } = metrics.snapshot();
    // 5 per second with a burst of 1: each of the last three waited about 200 ms.
    expect(throttle.max_ms).toBeGreaterThanOrEqual(100);
    expect(throttle.total_ms).toBeGreaterThanOrEqual(300);
    expect(throttle.total_ms).toBeLessThanOrEqual(elapsed + 50);
    expect(flood_wait.count).toBe(0);
  });

  it('refuses a gramjs sender or client without the internals it wraps, naming them', async () => {
    const { client } = await setup({ role: 'read' });
    // A sender the chokepoint could not wrap would send unguarded.
    const unwrappable = { send: () => Promise.resolve() };
    expect(() => {
      (client as unknown as { _sender: object })._sender = unwrappable;
    }).toThrow(/gramjs sender has no send\/addStateToQueue/);
    const bare = {} as TelegramClient;
    const timed = <T>(_label: string, work: () => Promise<T>) => work();
    expect(() => boundExportedSenders(bare, { timed, clock: createManualClock() })).toThrow(
      /gramjs client has no getDC\/_createExportedSender/,
    );
  });
});
