// tg_get_group_creation_date in process: the date of a chat's oldest reachable message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';
import { historyIds, iso, markedId, peerOf } from '../helpers/world.js';

let s: InProcess;
let scoped: InProcess;
beforeAll(async () => {
  s = await startInProcess();
  scoped = await startInProcess({ fake: s.fake, env: { TG_READ_ALLOWED_CHATS: '@oss_hackers' } });
});
afterAll(async () => {
  await scoped.close();
  await s.close();
});

describe('tg_get_group_creation_date', () => {
  it("is the oldest message's date, in ISO and unix seconds", async () => {
    const world = s.fake.world;
    for (const group of ['@oss_hackers', '@tech_news_daily', '@demo_announcements']) {
      const peer = peerOf(world, group);
      const oldest = world.message(peer, historyIds(world, peer).at(-1)!)!;
      expect(await s.ok('tg_get_group_creation_date', { group })).toEqual({
        group: markedId(peer),
        creation_date: iso(oldest.date),
        creation_date_unix: oldest.date,
      });
    }
  });

  it('a chat with no reachable message has no date (fields absent, not null)', async () => {
    const world = s.fake.world;
    world.addChat({
      id: 1_500_000_077,
      kind: 'supergroup',
      title: 'Empty',
      username: 'empty_room',
      date: world.now(),
    });
    expect(await s.ok('tg_get_group_creation_date', { group: '@empty_room' })).toEqual({
      group: '-1001500000077',
    });
  });

  it('TG_READ_ALLOWED_CHATS: a chat outside it is CHAT_NOT_ALLOWED naming group', async () => {
    expect(
      await scoped.error('tg_get_group_creation_date', { group: '@tech_news_daily' }),
    ).toMatchObject({ code: 'CHAT_NOT_ALLOWED', field: 'group' });
  });

  it('bad input: a group that is not a string is INVALID_INPUT naming group', async () => {
    expect(await s.error('tg_get_group_creation_date', { group: ['@oss_hackers'] })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'group',
    });
  });
});
