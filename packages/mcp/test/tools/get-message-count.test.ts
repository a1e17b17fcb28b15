// tg_get_message_count in process: Telegram's count of a chat's messages, in one request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';
import { markedId, peerOf } from '../helpers/world.js';

let s: InProcess;
let scoped: InProcess;
beforeAll(async () => {
  s = await startInProcess();
  scoped = await startInProcess({ fake: s.fake, env: { TG_READ_ALLOWED_CHATS: '-3001' } });
});
afterAll(async () => {
  await scoped.close();
  await s.close();
});

describe('tg_get_message_count', () => {
  it("is the world's count for each kind of chat (service messages included)", async () => {
    const world = s.fake.world;
    for (const [group, peer] of [
      ['@oss_hackers', peerOf(world, 'oss_hackers')],
      ['@tech_news_daily', peerOf(world, 'tech_news_daily')],
      ['-3001', { type: 'chat', id: 3001 }],
      ['200002', { type: 'user', id: 200_002 }],
    ] as const)
      expect(await s.ok('tg_get_message_count', { group })).toEqual({
        group: markedId(peer),
        message_count: world.history(peer).count(),
      });
  });

  it('costs one history request, whatever the size of the chat', async () => {
    await s.ok('tg_get_message_count', { group: '@tech_news_daily' }); // peer now cached
    const before = s.fake.requests.count('messages.GetHistory');
    await s.ok('tg_get_message_count', { group: '@tech_news_daily' });
    expect(s.fake.requests.count('messages.GetHistory') - before).toBe(1);
  });

  it('TG_READ_ALLOWED_CHATS: a chat outside it is CHAT_NOT_ALLOWED naming group', async () => {
    expect(await scoped.error('tg_get_message_count', { group: '@oss_hackers' })).toMatchObject({
      code: 'CHAT_NOT_ALLOWED',
      field: 'group',
    });
    expect((await scoped.ok('tg_get_message_count', { group: '-3001' })).group).toBe('-3001');
  });

  it('bad input: no arguments at all is INVALID_INPUT naming group', async () => {
    const e = await s.error('tg_get_message_count', undefined);
    expect(e).toMatchObject({ code: 'INVALID_INPUT', field: 'group' });
    expect(e.message).toContain('no arguments were given');
  });
});
