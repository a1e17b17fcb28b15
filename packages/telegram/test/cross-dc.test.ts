// A file on another DC: gramjs exports the authorization on the home DC, imports it on a new
// sender for the file's DC and downloads there. Every one of those requests passes the chokepoint
// under the read role. (The fake DC plays every DC; gramjs's string sessions keep one key, so the
// test session hands the same key to the other DC's sender, marked not yet logged in there, in
// place of a key exchange.)
import { createCallGuard, createRateLimiter, memoryStore } from '@tgmcp/ratelimit';
import { crossDcClient, filesWorld, startFakeTelegram } from '@tgmcp/testkit';
import { Cleanup } from '@tgmcp/testkit/harness';
import type { Api } from 'telegram';
import { afterEach, expect, it } from 'vitest';
import { type RequestEvent, protectClient } from '../src/index.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

it(
  'a download from another DC passes export, import and every file part through the chokepoint',
  { timeout: 15_000 },
  async () => {
    const bytes = Buffer.alloc(300 * 1024, 7);
    const world = filesWorld([{ name: 'far.bin', bytes, dcId: 4 }]);
    const fake = await startFakeTelegram({ world });
    cleanup.add(() => fake.close());
    // Not logged in on DC 4 yet: gramjs exports the authorization and imports it there.
    const client = crossDcClient(fake);
    const events: RequestEvent[] = [];
    protectClient(client, {
      role: 'read',
      guard: createCallGuard({
        limiter: createRateLimiter({ rate: 1000, burst: 1000, store: memoryStore() }),
      }),
      onRequest: (e) => events.push(e),
    });
    cleanup.add(() => client.destroy());
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
