// filesWorld + crossDcClient: a file on DC 4 is downloaded by real gramjs through an exported
// authorization, a file on the home DC without one.
import type { Api } from 'telegram';
import { afterEach, expect, it } from 'vitest';
import { crossDcClient, filesWorld } from '../src/cross-dc.js';
import { type FakeTelegram, startFakeTelegram } from '../src/fake-telegram.js';

let fake: FakeTelegram | undefined;
afterEach(() => fake?.close());

it('a file on another DC goes through export and import; a home file does not', async () => {
  const far = Buffer.alloc(70 * 1024, 4);
  fake = await startFakeTelegram({
    world: filesWorld([
      { name: 'home.bin', size: 1024 },
      { name: 'far.bin', bytes: far, dcId: 4 },
    ]),
  });
  const client = crossDcClient(fake);
  try {
    await client.connect();
    const [home, away] = await client.getMessages('files_here', { ids: [1, 2] });
    expect((home!.media as Api.MessageMediaDocument).document).toMatchObject({ dcId: 2 });
    expect(((await client.downloadMedia(home!, {})) as Buffer).length).toBe(1024);
    expect(fake.requests.count('auth.ExportAuthorization')).toBe(0);
    expect(await client.downloadMedia(away!, {})).toEqual(far);
    expect(fake.requests.count('auth.ExportAuthorization')).toBe(1);
    expect(fake.requests.count('auth.ImportAuthorization')).toBe(1);
  } finally {
    await client.destroy();
  }
});
