// tg_get_my_dialogs in process: the account's chats in the world's order (pinned first, then by
// last message), a type filter applied before the limit, an opaque cursor, and the read scope.
import type { Dialog, World } from '@tgmcp/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';
import { markedId } from '../helpers/world.js';

let s: InProcess;
let scoped: InProcess;
let world: World;
beforeAll(async () => {
  s = await startInProcess();
  scoped = await startInProcess({
    fake: s.fake,
    env: { TG_READ_ALLOWED_CHATS: '@oss_hackers, -3001' },
  });
  world = s.fake.world;
});
afterAll(async () => {
  await scoped.close();
  await s.close();
});

type Row = { id: string; type: string; title: string; pinned?: boolean; last_message_id?: number };

const typeOf = (d: Dialog) =>
  d.peer.type === 'user' ? 'user' : d.peer.type === 'chat' ? 'group' : world.chat(d.peer.id)!.kind;

const titleOf = (d: Dialog) => {
  if (d.peer.type !== 'user') return world.chat(d.peer.id)!.title;
  const u = world.user(d.peer.id)!;
  return [u.firstName, u.lastName].filter(Boolean).join(' ');
};

describe('tg_get_my_dialogs', () => {
  it("every chat in the world's order, with type, title, pin and last message", async () => {
    const expected = world.dialogs();
    const r = await s.ok('tg_get_my_dialogs', { limit: 100 });
    expect(r.count).toBe(expected.length);
    expect(r).not.toHaveProperty('next_cursor');
    expect(
      (r.dialogs as Row[]).map((d) => [d.id, d.type, d.title, !!d.pinned, d.last_message_id]),
    ).toEqual(
      expected.map((d) => [markedId(d.peer), typeOf(d), titleOf(d), d.pinned, d.topMessageId]),
    );
  });

  it('pages with next_cursor: the pages together are the whole list, nothing twice', async () => {
    const ids: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const r = await s.ok('tg_get_my_dialogs', { limit: 4, ...(cursor ? { cursor } : {}) });
      expect((r.dialogs as Row[]).length).toBeLessThanOrEqual(4);
      ids.push(...(r.dialogs as Row[]).map((d) => d.id));
      cursor = r.next_cursor as string | undefined;
      if (!cursor) break;
    }
    expect(ids).toEqual(world.dialogs().map((d) => markedId(d.peer)));
  });

  it('dialog_type filters before the limit; "group" includes supergroups', async () => {
    const of = (types: string[]) =>
      world
        .dialogs()
        .filter((d) => types.includes(typeOf(d)))
        .map((d) => markedId(d.peer));
    const channels = await s.ok('tg_get_my_dialogs', { dialog_type: 'channel', limit: 2 });
    expect((channels.dialogs as Row[]).map((d) => d.id)).toEqual(of(['channel']).slice(0, 2));
    const groups = await s.ok('tg_get_my_dialogs', { dialog_type: 'group' });
    expect((groups.dialogs as Row[]).map((d) => d.id)).toEqual(of(['group', 'supergroup']));
    const users = await s.ok('tg_get_my_dialogs', { dialog_type: 'user' });
    expect((users.dialogs as Row[]).map((d) => d.id)).toEqual(of(['user']));
  });

  it('TG_READ_ALLOWED_CHATS: only the listed chats, in order', async () => {
    const r = await scoped.ok('tg_get_my_dialogs', { limit: 100 });
    expect((r.dialogs as Row[]).map((d) => d.id)).toEqual(
      world
        .dialogs()
        .map((d) => markedId(d.peer))
        .filter((id) => id === '-1001500000001' || id === '-3001'),
    );
  });

  it('a cursor it did not hand out is INVALID_INPUT naming cursor', async () => {
    expect(await s.error('tg_get_my_dialogs', { cursor: 'garbage' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'cursor',
    });
  });

  it('bad input: an unknown dialog_type, or a limit above TG_READ_MAX_ITEMS, is INVALID_INPUT naming it', async () => {
    expect(await s.error('tg_get_my_dialogs', { dialog_type: 'bots' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'dialog_type',
    });
    expect(await s.error('tg_get_my_dialogs', { limit: s.config.maxItems + 1 })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'limit',
    });
  });
});
