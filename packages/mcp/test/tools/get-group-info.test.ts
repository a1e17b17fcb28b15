// tg_get_group_info in process: a chat's details as the world holds them; users are not groups;
// TG_READ_ALLOWED_CHATS refuses chats outside the list.
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

describe('tg_get_group_info', () => {
  it("answers with the supergroup's title, type, about, members, slowmode, role and rights", async () => {
    const world = s.fake.world;
    const peer = peerOf(world, 'oss_hackers');
    const chat = world.chat(peer.id)!;
    const oldest = world.message(peer, historyIds(world, peer).at(-1)!)!;
    expect(await s.ok('tg_get_group_info', { group: '@oss_hackers' })).toEqual({
      id: markedId(peer),
      title: chat.title,
      username: chat.username,
      type: 'supergroup',
      participants_count: world.members(peer.id).count(),
      about: chat.about,
      created_at: iso(oldest.date),
      my_role: 'admin',
      my_rights: {
        ban_users: true,
        delete_messages: true,
        invite_users: true,
        pin_messages: true,
      },
      slowmode_seconds: chat.slowmodeSeconds,
    });
  });

  it('a basic group by its marked id: type group, the creator holds every right', async () => {
    const chat = s.fake.world.chat(3001)!;
    const r = await s.ok('tg_get_group_info', { group: '-3001' });
    expect(r).toMatchObject({ id: '-3001', title: chat.title, type: 'group', my_role: 'creator' });
    expect(Object.values(r.my_rights as Record<string, boolean>).every(Boolean)).toBe(true);
    expect(r).not.toHaveProperty('username');
  });

  it('a user is NOT_A_GROUP, naming group', async () => {
    expect(await s.error('tg_get_group_info', { group: '@demo_user' })).toMatchObject({
      code: 'NOT_A_GROUP',
      field: 'group',
    });
  });

  it('TG_READ_ALLOWED_CHATS: a chat outside the list is CHAT_NOT_ALLOWED; one inside answers', async () => {
    expect(await scoped.error('tg_get_group_info', { group: '-3001' })).toMatchObject({
      code: 'CHAT_NOT_ALLOWED',
      field: 'group',
    });
    expect((await scoped.ok('tg_get_group_info', { group: '@oss_hackers' })).title).toBe(
      'Open Source Hackers',
    );
  });

  it('bad input: an empty or missing group is INVALID_INPUT naming group', async () => {
    for (const args of [{ group: '' }, {}, { group: 42 }])
      expect(await s.error('tg_get_group_info', args)).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'group',
      });
  });
});
