// A download from another DC whose export, import or file parts never answer: each step fails
// with RequestTimeoutError within the request timeout, gramjs does not retry it in the
// background, and close() leaves no connection open (gramjs's destroy() left the other DC's
// sender connected and its re-export loop running forever).
import { createCallGuard, createRateLimiter, memoryStore } from '@tgmcp/ratelimit';
import { type FakeTelegram, crossDcClient, filesWorld, startFakeTelegram } from '@tgmcp/testkit';
import { Cleanup } from '@tgmcp/testkit/harness';
import type { Api, TelegramClient } from 'telegram';
import { afterEach, expect, it } from 'vitest';
import { RequestCancelledError, RequestTimeoutError, protectClient } from '../src/index.js';

const TIMEOUT_MS = 1000;
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

async function setup(): Promise<{
  fake: FakeTelegram;
  client: TelegramClient;
  close: () => Promise<void>;
  message: Api.Message;
}> {
  const world = filesWorld([{ name: 'far.bin', size: 300 * 1024, dcId: 4 }]);
  const fake = await startFakeTelegram({ world });
  cleanup.add(() => fake.close());
  // Not logged in on DC 4 yet: gramjs exports the authorization and imports it there.
  const client = crossDcClient(fake);
  const p = protectClient(client, {
    role: 'read',
    guard: createCallGuard({
      limiter: createRateLimiter({ rate: 1000, burst: 1000, store: memoryStore() }),
    }),
    timeoutMs: TIMEOUT_MS,
  });
  cleanup.add(() => p.close());
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
