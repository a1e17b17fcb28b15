// tg_get_participants in process: members in the world's order with their roles; bots only when
// asked; phones only when asked and allowed; above TG_READ_MAX_ITEMS the members go to a file.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';
import { markedId, peerOf } from '../helpers/world.js';

let s: InProcess;
/** TG_READ_ALLOW_PHONES=1 and an inline maximum of 10. */
let open: InProcess;
const BOT = 299_002;
beforeAll(async () => {
  s = await startInProcess();
  open = await startInProcess({
    fake: s.fake,
    env: { TG_READ_ALLOW_PHONES: '1', TG_READ_MAX_ITEMS: '10' },
  });
  // A bot in the family group (the demo world's bot is in no chat).
  s.fake.world.members(3001).set({ userId: BOT, role: 'member', date: s.fake.world.now() });
});
afterAll(async () => {
  await open.close();
  await s.close();
});

type Member = { id: string; role: string; phone?: string; is_bot?: boolean; first_name?: string };
const roleOf = (role: string) => (role === 'creator' || role === 'admin' ? role : 'member');

describe('tg_get_participants', () => {
  it("the first `limit` members in the world's order, with roles and names; truncated", async () => {
    const world = s.fake.world;
    const peer = peerOf(world, 'oss_hackers');
    const expected = world.members(peer.id).list('recent', 0, 30).items;
    const r = await s.ok('tg_get_participants', { group: '@oss_hackers', limit: 30 });
    expect(r).toMatchObject({ group: markedId(peer), count: 30, truncated: true });
    const members = r.participants as Member[];
    expect(members.map((m) => m.id)).toEqual(expected.map((p) => String(p.userId)));
    expect(members.map((m) => m.role)).toEqual(expected.map((p) => roleOf(p.role)));
    expect(members.map((m) => m.first_name)).toEqual(
      expected.map((p) => world.user(p.userId)!.firstName),
    );
    expect(members.some((m) => 'phone' in m)).toBe(false);
  });

  it('filter admins: exactly the creator and admins', async () => {
    const world = s.fake.world;
    const peer = peerOf(world, 'oss_hackers');
    const admins = world.members(peer.id).list('admins', 0, 100).items;
    const r = await s.ok('tg_get_participants', { group: '@oss_hackers', filter: 'admins' });
    expect((r.participants as Member[]).map((m) => [m.id, m.role]).sort()).toEqual(
      admins.map((p) => [String(p.userId), p.role]).sort(),
    );
    expect(r.truncated).toBe(false);
  });

  it('bots are left out unless include_bots', async () => {
    const ids = async (include_bots: boolean) =>
      (
        (await s.ok('tg_get_participants', { group: '-3001', include_bots }))
          .participants as Member[]
      ).map((m) => m.id);
    const all = s.fake.world
      .members(3001)
      .list('recent', 0, 100)
      .items.map((p) => String(p.userId));
    expect(await ids(false)).toEqual(all.filter((id) => id !== String(BOT)));
    expect(await ids(true)).toEqual(all);
  });

  it("include_phone is PHONES_NOT_ALLOWED unless TG_READ_ALLOW_PHONES=1; then phones are the world's", async () => {
    expect(
      await s.error('tg_get_participants', { group: '-3001', include_phone: true }),
    ).toMatchObject({ code: 'PHONES_NOT_ALLOWED', field: 'include_phone' });
    const r = await open.ok('tg_get_participants', {
      group: '-3001',
      include_phone: true,
      limit: 5,
    });
    const members = r.participants as Member[];
    expect(members).toHaveLength(5);
    // All of the family are contacts (Telegram shows contacts' numbers only), and the account itself.
    for (const m of members) expect(m.phone).toBe(s.fake.world.user(Number(m.id))!.phone);
    expect(members.every((m) => m.phone)).toBe(true);
  });

  it('above TG_READ_MAX_ITEMS: a JSONL file of exactly `limit` members and a resource_link', async () => {
    const world = s.fake.world;
    const peer = peerOf(world, 'oss_hackers');
    const r = await open.call('tg_get_participants', { group: '@oss_hackers', limit: 12 });
    const out = r.structuredContent as {
      count: number;
      participants: unknown[];
      export: { file: string; uri: string; manifest: { count: number } };
    };
    expect(out.count).toBe(12);
    expect(out.participants).toEqual([]);
    expect(out.export.manifest.count).toBe(12);
    const lines = readFileSync(out.export.file, 'utf8').trim().split('\n');
    expect(lines.map((l) => (JSON.parse(l) as { id: string }).id)).toEqual(
      world
        .members(peer.id)
        .list('recent', 0, 12)
        .items.map((p) => String(p.userId)),
    );
    expect(r.content.find((c) => c.type === 'resource_link')).toMatchObject({
      uri: out.export.uri,
    });
  });

  it('a limit above TG_READ_MAX_EXPORT_ITEMS, or of 0, is INVALID_INPUT naming limit', async () => {
    for (const limit of [s.config.maxExportItems + 1, 0])
      expect(await s.error('tg_get_participants', { group: '@oss_hackers', limit })).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'limit',
      });
  });

  it('bad input: an unknown filter is INVALID_INPUT naming filter', async () => {
    expect(
      await s.error('tg_get_participants', { group: '@oss_hackers', filter: 'everyone' }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'filter' });
  });
});
