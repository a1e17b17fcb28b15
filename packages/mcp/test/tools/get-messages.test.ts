// tg_get_messages in process: pages of the world's history (newest first, a cursor, oldest
// first), filters (text, sender, dates, service), trimming and field selection, the inline cap
// (TG_READ_MAX_ITEMS: above it, a file) and the read scope (TG_READ_ALLOWED_CHATS).
import { readFileSync } from 'node:fs';
import type { MessageRecord, PeerRef, World } from '@tgmcp/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';
import { historyIds, iso, markedId, peerOf } from '../helpers/world.js';

let s: InProcess;
/** TG_READ_ALLOWED_CHATS=@oss_hackers and an inline maximum of 5. */
let narrow: InProcess;
let world: World;
let oss: PeerRef;
beforeAll(async () => {
  s = await startInProcess();
  narrow = await startInProcess({
    fake: s.fake,
    env: { TG_READ_ALLOWED_CHATS: '@oss_hackers', TG_READ_MAX_ITEMS: '5' },
  });
  world = s.fake.world;
  oss = peerOf(world, 'oss_hackers');
});
afterAll(async () => {
  await narrow.close();
  await s.close();
});

type Message = {
  id: number;
  text?: string;
  date?: string;
  from_id?: string;
  text_truncated?: boolean;
  is_service?: boolean;
};

/** The chat's messages newest first, without service messages (the tool's default). */
const posts = (peer: PeerRef): MessageRecord[] =>
  historyIds(world, peer)
    .map((id) => world.message(peer, id)!)
    .filter((m) => !m.service);

const fromName = (m: MessageRecord) => {
  if (typeof m.from !== 'object' || m.from.type !== 'user') return undefined;
  const u = world.user(m.from.id)!;
  return [u.firstName, u.lastName].filter(Boolean).join(' ');
};

const fromId = (m: MessageRecord) =>
  m.from === 'anonymous' ? markedId(oss) : m.from ? markedId(m.from) : undefined;

describe('tg_get_messages', () => {
  it('the newest `limit` messages: ids, texts, dates and senders as the world has them', async () => {
    const expected = posts(oss).slice(0, 5);
    const r = await s.ok('tg_get_messages', { group: '@oss_hackers', limit: 5 });
    expect(r).toMatchObject({ group: markedId(oss), count: 5, next_offset_id: expected[4]!.id });
    expect(r.messages).toEqual(
      expected.map((m) => ({
        id: m.id,
        date: iso(m.date),
        from_id: fromId(m),
        from_name: fromName(m),
        text: m.text,
      })),
    );
  });

  it('next_offset_id continues exactly where the page ended; absent at the end', async () => {
    const first = await s.ok('tg_get_messages', { group: '@oss_hackers', limit: 4 });
    const second = await s.ok('tg_get_messages', {
      group: '@oss_hackers',
      limit: 4,
      offset_id: first.next_offset_id,
    });
    const ids = [...(first.messages as Message[]), ...(second.messages as Message[])].map(
      (m) => m.id,
    );
    expect(ids).toEqual(
      posts(oss)
        .slice(0, 8)
        .map((m) => m.id),
    );
    const family = posts({ type: 'chat', id: 3001 });
    const all = await s.ok('tg_get_messages', { group: '-3001', limit: family.length });
    expect(all.count).toBe(family.length);
    expect(all).not.toHaveProperty('next_offset_id');
  });

  it('reverse: oldest first; include_service adds the service messages', async () => {
    const oldest = [...posts(oss)].reverse().slice(0, 3);
    const r = await s.ok('tg_get_messages', { group: '@oss_hackers', limit: 3, reverse: true });
    expect((r.messages as Message[]).map((m) => m.id)).toEqual(oldest.map((m) => m.id));
    const withService = await s.ok('tg_get_messages', {
      group: '@oss_hackers',
      limit: 1,
      reverse: true,
      include_service: true,
    });
    const first = historyIds(world, oss).at(-1)!;
    expect(world.message(oss, first)!.service).toBeDefined();
    expect(withService.messages).toMatchObject([{ id: first, is_service: true }]);
  });

  it('search, from_user and a date window select what the world holds', async () => {
    const hits = posts(oss).filter((m) => m.text.toLowerCase().includes('would'));
    expect(hits.length).toBeGreaterThan(1);
    const found = await s.ok('tg_get_messages', { group: '@oss_hackers', search: 'would' });
    expect((found.messages as Message[]).map((m) => m.id)).toEqual(hits.map((m) => m.id));

    const sender = 200_005;
    const byUser = posts(oss).filter((m) => typeof m.from === 'object' && m.from.id === sender);
    expect(byUser.length).toBeGreaterThan(0);
    const from = await s.ok('tg_get_messages', {
      group: '@oss_hackers',
      from_user: String(sender),
    });
    expect((from.messages as Message[]).map((m) => m.id)).toEqual(byUser.map((m) => m.id));

    const all = posts(oss);
    const [lo, hi] = [all[30]!.date, all[10]!.date];
    const window = await s.ok('tg_get_messages', {
      group: '@oss_hackers',
      min_date: iso(lo),
      max_date: iso(hi),
    });
    expect((window.messages as Message[]).map((m) => m.id)).toEqual(
      all.filter((m) => m.date >= lo && m.date <= hi).map((m) => m.id),
    );
  });

  it('max_text_chars cuts texts (text_truncated); fields keeps only the fields asked for', async () => {
    const expected = posts(oss).slice(0, 5);
    const r = await s.ok('tg_get_messages', {
      group: '@oss_hackers',
      limit: 5,
      fields: ['text'],
      max_text_chars: 16,
    });
    expect(r.messages).toEqual(
      expected.map((m) =>
        m.text.length > 16
          ? { id: m.id, text: m.text.slice(0, 16), text_truncated: true }
          : { id: m.id, text: m.text },
      ),
    );
    expect(expected.some((m) => m.text.length > 16)).toBe(true);
  });

  it('above TG_READ_MAX_ITEMS: exactly `limit` messages in a JSONL file and a resource_link', async () => {
    const r = await narrow.call('tg_get_messages', { group: '@oss_hackers', limit: 7 });
    expect(r.isError).toBeFalsy();
    const out = r.structuredContent as {
      count: number;
      messages: unknown[];
      export: { file: string; uri: string };
    };
    expect(out).toMatchObject({ count: 7, messages: [] });
    const ids = readFileSync(out.export.file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { id: number }).id);
    expect(ids).toEqual(
      posts(oss)
        .slice(0, 7)
        .map((m) => m.id),
    );
    expect(r.content.some((c) => c.type === 'resource_link' && c.uri === out.export.uri)).toBe(
      true,
    );
  });

  it('a limit above TG_READ_MAX_EXPORT_ITEMS is INVALID_INPUT naming limit', async () => {
    expect(
      await s.error('tg_get_messages', {
        group: '@oss_hackers',
        limit: s.config.maxExportItems + 1,
      }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'limit' });
  });

  it('TG_READ_ALLOWED_CHATS: a chat outside it is CHAT_NOT_ALLOWED naming group', async () => {
    expect(await narrow.error('tg_get_messages', { group: '-3001' })).toMatchObject({
      code: 'CHAT_NOT_ALLOWED',
      field: 'group',
    });
  });

  it('bad input: a date that is not ISO, or an unknown field, is INVALID_INPUT naming it', async () => {
    expect(
      await s.error('tg_get_messages', { group: '@oss_hackers', min_date: 'yesterday' }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'min_date' });
    expect(
      await s.error('tg_get_messages', { group: '@oss_hackers', fields: ['text', 'secret'] }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'fields' });
  });
});
