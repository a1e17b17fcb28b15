// A file on another DC: gramjs exports the authorization on the home DC, imports it on a new
// sender for the file's DC and downloads there. Every one of those requests passes the chokepoint
// under the read role. (The fake DC plays every DC; gramjs's string sessions keep one key, so the
// test session hands the same key to the other DC's sender, marked not yet logged in there, in
// place of a key exchange.)
import { createCallGuard, createRateLimiter, memoryStore } from '@tgmcp/ratelimit';
import { createWorld, startFakeTelegram } from '@tgmcp/testkit';
import type { Api } from 'telegram';
import { TelegramClient } from 'telegram';
import { StringSession } from 'telegram/sessions/index.js';
import type { AuthKey } from 'telegram/crypto/AuthKey.js';
import { afterEach, expect, it } from 'vitest';
import { type RequestEvent, protectClient } from '../src/index.js';

class EveryDcSession extends StringSession {
  override getAuthKey(): AuthKey | undefined {
    return this.authKey;
  }
}

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
});

it(
  'a download from another DC passes export, import and every file part through the chokepoint',
  { timeout: 15_000 },
  async () => {
    const bytes = Buffer.alloc(300 * 1024, 7);
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
              media: { kind: 'document', name: 'far.bin', bytes, dcId: 4 },
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
    // A key made by a fresh exchange is not logged in on its DC: gramjs then exports and imports.
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
    const events: RequestEvent[] = [];
    protectClient(client, {
      role: 'read',
      guard: createCallGuard({
        limiter: createRateLimiter({ rate: 1000, burst: 1000, store: memoryStore() }),
      }),
      onRequest: (e) => events.push(e),
    });
    cleanup.push(() => client.destroy());
    await client.connect();
    const [message] = await client.getMessages('files_here', { ids: [1] });
    const doc = (message!.media as Api.MessageMediaDocument).document as Api.Document;
    expect(doc.dcId).toBe(4);
    const got = (await client.downloadMedia(message!, {})) as Buffer;
    expect(Buffer.compare(got, bytes)).toBe(0);

    const at = (m: string) => fake.requests.count(m);
    expect(at('auth.ExportAuthorization')).toBe(1);
    expect(at('auth.ImportAuthorization')).toBe(1);
    expect(at('upload.GetFile')).toBeGreaterThanOrEqual(1);
    const passed = (m: string) =>
      events.filter((e) => e.method === m && e.outcome === 'sent').length;
    for (const m of ['auth.ExportAuthorization', 'auth.ImportAuthorization', 'upload.GetFile'])
      expect(passed(m)).toBe(at(m));
    expect(events.filter((e) => e.outcome === 'blocked')).toEqual([]);
    // Nothing reached the DC that the chokepoint did not count.
    expect(fake.requests.count()).toBeLessThanOrEqual(events.length);
  },
);
