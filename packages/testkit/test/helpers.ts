import { TelegramClient } from 'telegram';
import { StringSession } from 'telegram/sessions/index.js';
import { afterEach } from 'vitest';
import { type FakeTelegram, startFakeTelegram } from '../src/fake-telegram.js';
import type { World } from '../src/world/world.js';

const open: Array<{ fake: FakeTelegram; client: TelegramClient }> = [];

afterEach(async () => {
  for (const { fake, client } of open.splice(0)) {
    await client.destroy().catch(() => undefined);
    await fake.close();
  }
});

/** A fake DC around `world` and a connected real gramjs client. */
export async function connect(
  world: World,
  options: { authorized?: boolean } = {},
): Promise<{ fake: FakeTelegram; client: TelegramClient }> {
  const fake = await startFakeTelegram({ world, ...options });
  const client = new TelegramClient(
    new StringSession(fake.sessionString),
    12345,
    'not-a-real-hash',
    fake.connectOptions,
  );
  open.push({ fake, client });
  if (!(await client.connect())) throw new Error('could not connect to the fake DC');
  return { fake, client };
}
