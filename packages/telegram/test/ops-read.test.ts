// Typed read operations through openTelegram, real gramjs, fake DC.
import { describe, expect, it } from 'vitest';
import { InvalidInputError, PeerNotFoundError } from '../src/index.js';
import { T0, collect, open, opsWorld, startFake } from './ops-setup.js';

describe('openTelegram reads', () => {
  it('opens a session and describes the account', async () => {
    const tg = await open(await startFake());
    expect(tg.account).toMatchObject({ id: '1', username: 'me_user', first_name: 'Me' });
  });

  it('getChatInfo: members, about, creation date, my rights, slowmode', async () => {
    const tg = await open(await startFake());
    const info = await tg.getChatInfo('@club');
    expect(info).toMatchObject({
      id: '-100100',
      type: 'supergroup',
      title: 'Club',
      username: 'club',
      members_count: 4,
      about: 'A club',
      created_at: new Date(T0 * 1000).toISOString(),
      created_at_unix: T0,
      my_role: 'admin',
      slowmode_seconds: 30,
    });
    expect(info.my_rights).toMatchObject({
      invite_users: true,
      ban_users: true,
      add_admins: false,
    });
    expect(await tg.getChatInfo('https://t.me/news_chan')).toMatchObject({
      type: 'channel',
      my_role: 'member',
    });
    expect(await tg.getChatInfo('-300')).toMatchObject({
      type: 'group',
      title: 'Family',
      members_count: 3,
    });
    expect(JSON.parse(JSON.stringify(info))).toEqual(info);
  });

  it('getUser, and clear errors for bad references', async () => {
    const tg = await open(await startFake());
    expect(await tg.getUser('alice')).toMatchObject({
      id: '10',
      username: 'alice',
      first_name: 'Alice',
      is_premium: true,
      is_bot: false,
    });
    await expect(tg.getUser('@club')).rejects.toBeInstanceOf(InvalidInputError);
    await expect(tg.getUser('@nobody_here')).rejects.toBeInstanceOf(PeerNotFoundError);
    await expect(tg.getChatInfo('Club Title With Spaces')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(tg.getChatInfo('987654321')).rejects.toMatchObject({ code: 'PEER_NOT_FOUND' });
    await expect(tg.getChatInfo('987654321')).rejects.toThrow(/"987654321"/);
  });

  it('getDialogs pages with a cursor and filters by type before the limit', async () => {
    const tg = await open(await startFake());
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await tg.getDialogs({ limit: 2, cursor });
      expect(page.dialogs.length).toBeLessThanOrEqual(2);
      seen.push(...page.dialogs.map((d) => d.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 20);
    const all = (await tg.getDialogs({ limit: 100 })).dialogs.map((d) => d.id);
    expect(seen).toEqual(all);
    expect(new Set(all).size).toBe(all.length);
    expect(all).toContain('10');
    const channels = await tg.getDialogs({ limit: 1, type: 'channel' });
    expect(channels.dialogs).toHaveLength(1);
    expect(channels.dialogs[0]!.type).toBe('channel');
    const groups = await tg.getDialogs({ limit: 100, type: 'group' });
    expect(groups.dialogs.map((d) => d.type).sort()).toEqual(['group', 'supergroup', 'supergroup']);
    await expect(tg.getDialogs({ type: 'bogus' as never })).rejects.toMatchObject({
      field: 'dialog_type',
    });
    await expect(tg.getDialogs({ cursor: 'nope' })).rejects.toMatchObject({ field: 'cursor' });
  });

  it('iterMessages describes every kind of sender, pins, replies, forwards, media and service messages', async () => {
    const tg = await open(await startFake());
    const msgs = await collect(tg.iterMessages('@club'));
    expect(msgs.map((m) => m.id)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    const by = new Map(msgs.map((m) => [m.id, m]));
    expect(by.get(2)).toMatchObject({
      from_id: '10',
      from_type: 'user',
      from_name: 'Alice A',
      is_pinned: true,
      views: 5,
    });
    expect(by.get(3)).toMatchObject({
      from_id: '-100100',
      from_type: 'channel',
      text: 'from an anonymous admin',
    });
    expect(by.get(8)).toMatchObject({
      from_id: '-100200',
      from_type: 'channel',
      from_name: 'News',
    });
    expect(by.get(4)).toMatchObject({ is_reply: true, reply_to_msg_id: 2, is_pinned: false });
    expect(by.get(5)).toMatchObject({
      has_media: true,
      media_type: 'MessageMediaDocument',
      media: { kind: 'document', file_name: '../../evil.txt', size: 3000 },
    });
    expect(by.get(6)!.media).toMatchObject({ kind: 'photo' });
    expect(by.get(7)!.fwd_from).toMatchObject({ from_id: '10', from_type: 'user' });
    expect(by.get(1)).toMatchObject({ is_service: true, action: 'channel_create' });
    expect(by.get(2)!.date).toBe(new Date((T0 + 60) * 1000).toISOString());
    const channel = await collect(tg.iterMessages('@news_chan'));
    expect(channel[0]).toMatchObject({ from_id: '-100200', from_type: 'channel', views: 100 });
    const dm = await collect(tg.iterMessages('@alice'));
    expect(dm[0]).toMatchObject({ from_id: '10', text: 'hey me', chat_id: '10' });
  });

  it('iterMessages filters: limit, ids, dates, reverse, search, sender, pinned, service', async () => {
    const tg = await open(await startFake());
    const ids = async (o: Parameters<typeof tg.iterMessages>[1]) =>
      (await collect(tg.iterMessages('@club', o))).map((m) => m.id);
    expect(await ids({ limit: 3 })).toEqual([8, 7, 6]);
    expect(await ids({ offsetId: 6, limit: 2 })).toEqual([5, 4]);
    expect(await ids({ minId: 5 })).toEqual([8, 7, 6]);
    expect(await ids({ reverse: true })).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await ids({ reverse: true, minId: 3, limit: 2 })).toEqual([4, 5]);
    expect(await ids({ reverse: true, offsetId: 5, limit: 2 })).toEqual([6, 7]);
    expect(await ids({ minDate: T0 + 120, maxDate: T0 + 240 })).toEqual([5, 4, 3]);
    expect(await ids({ reverse: true, minDate: T0 + 120, maxDate: T0 + 240 })).toEqual([3, 4, 5]);
    expect(await ids({ search: 'hello' })).toEqual([2]);
    expect(await ids({ fromUser: '@bobby' })).toEqual([7, 5, 4]);
    expect(await ids({ filter: 'pinned' })).toEqual([2]);
    expect(await ids({ includeService: false, reverse: true, limit: 1 })).toEqual([2]);
    await expect(ids({ reverse: true, search: 'x' })).rejects.toMatchObject({ field: 'reverse' });
    await expect(ids({ limit: -1 })).rejects.toMatchObject({ field: 'limit' });
    await expect(ids({ minDate: T0 + 10, maxDate: T0 })).rejects.toMatchObject({
      field: 'min_date',
    });
  });

  it('pages history at 100 messages a request, each page through the chokepoint', async () => {
    const fake = await startFake();
    const tg = await open(fake);
    fake.requests.clear();
    const all = await collect(tg.iterMessages('@big_group'));
    expect(all).toHaveLength(250);
    expect(new Set(all.map((m) => m.id)).size).toBe(250);
    expect(fake.requests.count('messages.GetHistory')).toBe(3);
    const reversed = await collect(tg.iterMessages('@big_group', { reverse: true }));
    expect(reversed.map((m) => m.id)).toEqual(all.map((m) => m.id).reverse());
    expect(await tg.countMessages('@big_group')).toBe(250);
    const created = await tg.getCreationDate('@big_group');
    expect(created.created_at_unix).toBe(reversed[0]!.date_unix);
    // Every request the DC saw was let through (and counted) by the chokepoint.
    const stats = await tg.stats();
    const atDc: Record<string, number> = {};
    for (const r of fake.requests.all()) atDc[r.method] = (atDc[r.method] ?? 0) + 1;
    for (const [method, n] of Object.entries(atDc))
      expect(stats.requests.by_method[method]).toBeGreaterThanOrEqual(n);
    expect(stats.requests.blocked).toBe(0);
  });

  it('iterParticipants: all pages, search, admins, bots, basic groups', async () => {
    const fake = await startFake();
    const tg = await open(fake);
    fake.requests.clear();
    const big = await collect(tg.iterParticipants('@big_group'));
    expect(big).toHaveLength(451);
    expect(new Set(big.map((p) => p.id)).size).toBe(451);
    expect(fake.requests.count('channels.GetParticipants')).toBe(3);
    const club = await collect(tg.iterParticipants('@club'));
    expect(club.find((p) => p.id === '10')).toMatchObject({ role: 'creator', username: 'alice' });
    expect(club.find((p) => p.id === '11')).toMatchObject({
      role: 'member',
      joined_at: new Date((T0 + 2) * 1000).toISOString(),
    });
    expect(club.find((p) => p.id === '1')).toMatchObject({ role: 'admin', rank: 'mod' });
    expect(
      (await collect(tg.iterParticipants('@club', { filter: 'admins' }))).map((p) => p.id).sort(),
    ).toEqual(['1', '10']);
    expect(
      (await collect(tg.iterParticipants('@club', { filter: 'bots' }))).map((p) => p.id),
    ).toEqual(['12']);
    expect(
      (await collect(tg.iterParticipants('@club', { search: 'bobby' }))).map((p) => p.id),
    ).toEqual(['11']);
    expect(await collect(tg.iterParticipants('@club', { includeBots: false }))).toHaveLength(3);
    expect((await collect(tg.iterParticipants('-300'))).map((p) => p.id).sort()).toEqual([
      '1',
      '10',
      '11',
    ]);
    expect(await collect(tg.iterParticipants('@big_group', { limit: 5 }))).toHaveLength(5);
    await expect(collect(tg.iterParticipants('@alice'))).rejects.toMatchObject({ field: 'group' });
  });

  it('iterParticipants leaves phone numbers out unless asked, in channels and basic groups', async () => {
    const world = opsWorld();
    // Telegram shows a contact's phone number; Alice is a contact in both chats.
    world.user(10)!.phone = '15550002222';
    const tg = await open(await startFake(world));
    for (const ref of ['@club', '-300']) {
      const plain = await collect(tg.iterParticipants(ref));
      expect(plain.find((p) => p.id === '10')).toMatchObject({ username: 'alice', phone: null });
      expect(plain.filter((p) => p.phone !== null)).toEqual([]);
      const asked = await collect(tg.iterParticipants(ref, { includePhone: true }));
      expect(asked.find((p) => p.id === '10')!.phone).toBe('+15550002222');
    }
  });
});
