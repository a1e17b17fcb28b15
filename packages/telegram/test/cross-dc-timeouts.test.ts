// A download from another DC whose export, import or file parts never answer: each step fails
// with RequestTimeoutError within the request timeout, gramjs does not retry it in the
// background, and close() leaves no connection open (gramjs's destroy() left the other DC's
// sender connected and its re-export loop running forever).
import { createCallGuard, createRateLimiter, memoryStore } from '@tgmcp/ratelimit';
import { type FakeTelegram, createWorld, startFakeTelegram } from '@tgmcp/testkit';
import { type Api, TelegramClient } from 'telegram';
import type { AuthKey } from 'telegram/crypto/AuthKey.js';
import { StringSession } from 'telegram/sessions/index.js';
import { afterEach, expect, it } from 'vitest';
import { RequestCancelledError, RequestTimeoutError, protectClient } from '../src/index.js';

/** Hands the session's key to every DC's sender, so the other DC needs no key exchange. */
class EveryDcSession extends StringSession {
  override getAuthKey(): AuthKey | undefined {
    return this.authKey;
  }
}

const TIMEOUT_MS = 1000;
const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});

async function setup(): Promise<{
  fake: FakeTelegram;
  client: TelegramClient;
  close: () => Promise<void>;
  message: Api.Message;
}> {
  const world = createWorld({
    self: { id: 1, firstName: 'Me' },
    chats: [
      {
        id: 100,
        kind: 'supergroup',
        title: 'Files',
        username: 'files_here',
        date: 1_700_000_000,
        myRole: 'member',
        messages: [
          {
            id: 1,
            date: 1_700_000_100,
            from: 1,
            media: { kind: 'document', name: 'far.bin', size: 300 * 1024, dcId: 4 },
          },
        ],
      },
    ],
  });
  const fake = await startFakeTelegram({ world });
  cleanup.push(() => fake.close());
  const client = new TelegramClient(
    new EveryDcSession(fake.sessionString),
    1,
    'x',
    fake.connectOptions,
  );
  // Not logged in on DC 4 yet: gramjs exports the authorization and imports it there.
  const c = client as unknown as {
    _createExportedSender(dcId: number): {
      connect(...a: unknown[]): Promise<unknown>;
      _authenticated: boolean;
    };
  };
  const create = c._createExportedSender.bind(c);
  c._createExportedSender = (dcId) => {
    const sender = create(dcId);
    const connect = sender.connect.bind(sender);
    sender.connect = async (...args) => {
      const r = await connect(...args);
      sender._authenticated = false;
      return r;
    };
    return sender;
  };
  const p = protectClient(client, {
    role: 'read',
    guard: createCallGuard({
      limiter: createRateLimiter({ rate: 1000, burst: 1000, store: memoryStore() }),
    }),
    timeoutMs: TIMEOUT_MS,
  });
  cleanup.push(() => p.close());
  await client.connect();
  const [message] = await client.getMessages('files_here', { ids: [1] });
  return { fake, client, close: () => p.close(), message: message! };
}

for (const method of [
  'auth.ExportAuthorization',
  'auth.ImportAuthorization',
  'upload.GetFile',
] as const) {
  it(
    `a ${method} that never answers fails the download within the timeout, once, and close() leaves nothing open`,
    { timeout: 15_000 },
    async () => {
      const { fake, client, close, message } = await setup();
      fake.limits.add({ kind: 'stall', method });
      const t0 = Date.now();
      const err = await client.downloadMedia(message, {}).then(
        () => undefined,
        (e: unknown) => e,
      );
      const ms = Date.now() - t0;
      expect(err).toBeInstanceOf(RequestTimeoutError);
      expect((err as RequestTimeoutError).method).toBe(method);
      expect(ms).toBeLessThan(TIMEOUT_MS + 1500);
      // No retry loop behind the caller's back.
      const sent = fake.requests.count(method);
      await new Promise((r) => setTimeout(r, 2500));
      expect(fake.requests.count(method)).toBe(sent);
      await close();
      await new Promise((r) => setTimeout(r, 200));
      expect(fake.openConnections()).toBe(0);
    },
  );
}

it('close() cancels a download in flight at once', { timeout: 15_000 }, async () => {
  const { fake, client, close, message } = await setup();
  fake.limits.add({ kind: 'stall', method: 'upload.GetFile' });
  const pending = client.downloadMedia(message, {}).then(
    () => undefined,
    (e: unknown) => e,
  );
  while (fake.requests.count('upload.GetFile') === 0) await new Promise((r) => setTimeout(r, 20));
  const t0 = Date.now();
  await close();
  expect(await pending).toBeInstanceOf(RequestCancelledError);
  expect(Date.now() - t0).toBeLessThan(TIMEOUT_MS);
  await new Promise((r) => setTimeout(r, 200));
  expect(fake.openConnections()).toBe(0);
});
