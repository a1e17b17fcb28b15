// tg_resolve_username in process: what a @username, bare username or t.me link is, with its
// marked id; people resolve whatever the read scope; a chat outside it answers as a missing one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';

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

describe('tg_resolve_username', () => {
  it('a supergroup and a channel, by @name and by t.me link: id, type, title, member count', async () => {
    const world = s.fake.world;
    const oss = world.chat(1_500_000_001)!;
    expect(await s.ok('tg_resolve_username', { username: '@oss_hackers' })).toEqual({
      id: '-1001500000001',
      type: 'supergroup',
      username: oss.username,
      title: oss.title,
      participants_count: world.members(oss.id).count(),
    });
    const news = world.chat(1_600_000_001)!;
    expect(await s.ok('tg_resolve_username', { username: 'https://t.me/tech_news_daily' })).toEqual(
      {
        id: '-1001600000001',
        type: 'channel',
        username: news.username,
        title: news.title,
        participants_count: world.members(news.id).count(),
      },
    );
  });

  it('a user and a bot: first and last name, is_bot', async () => {
    const boris = s.fake.world.user(200_002)!;
    expect(await s.ok('tg_resolve_username', { username: boris.username! })).toEqual({
      id: '200002',
      type: 'user',
      username: boris.username,
      title: `${boris.firstName} ${boris.lastName}`,
      first_name: boris.firstName,
      last_name: boris.lastName,
    });
    expect(await s.ok('tg_resolve_username', { username: '@demo_helper_bot' })).toMatchObject({
      id: '299002',
      type: 'user',
      is_bot: true,
    });
  });

  it('an unknown username is PEER_NOT_FOUND naming username', async () => {
    expect(await s.error('tg_resolve_username', { username: '@nobody_here_x' })).toMatchObject({
      code: 'PEER_NOT_FOUND',
      field: 'username',
    });
  });

  it('TG_READ_ALLOWED_CHATS: a chat outside it gets the error of a chat that does not exist; people resolve', async () => {
    const outside = await scoped.error('tg_resolve_username', { username: '@tech_news_daily' });
    expect(outside).toMatchObject({ code: 'CHAT_NOT_ALLOWED', field: 'username' });
    expect(outside).toEqual(
      await scoped.error('tg_resolve_username', { username: '@no_such_chat_here' }),
    );
    expect((await scoped.ok('tg_resolve_username', { username: '@boris_ivanov' })).id).toBe(
      '200002',
    );
  });

  it('bad input: an empty or overlong username is INVALID_INPUT naming username', async () => {
    for (const username of ['', 'x'.repeat(201)])
      expect(await s.error('tg_resolve_username', { username })).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'username',
      });
  });
});
