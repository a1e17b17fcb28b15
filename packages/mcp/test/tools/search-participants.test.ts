// tg_search_participants in process: Telegram's member search over names and usernames; phones
// only when allowed; the limit is capped at TG_READ_MAX_ITEMS (no file export here).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';
import { markedId, peerOf } from '../helpers/world.js';

let s: InProcess;
let phones: InProcess;
beforeAll(async () => {
  s = await startInProcess();
  phones = await startInProcess({ fake: s.fake, env: { TG_READ_ALLOW_PHONES: '1' } });
});
afterAll(async () => {
  await phones.close();
  await s.close();
});

type Member = {
  id: string;
  first_name?: string;
  last_name?: string;
  username?: string;
  phone?: string;
};

/** The members of a chat whose first name, last name or username contains `q` (any case). */
function matching(world: InProcess['fake']['world'], chatId: number, q: string): string[] {
  const needle = q.toLowerCase();
  return world
    .members(chatId)
    .list('recent', 0, 100_000)
    .items.filter((p) => {
      const u = world.user(p.userId)!;
      return [u.firstName, u.lastName, u.username].some((v) => v?.toLowerCase().includes(needle));
    })
    .map((p) => String(p.userId));
}

describe('tg_search_participants', () => {
  it('finds exactly the members whose name or username contains the query', async () => {
    const world = s.fake.world;
    const peer = peerOf(world, 'oss_hackers');
    const expected = matching(world, peer.id, 'haddad');
    expect(expected.length).toBeGreaterThan(0);
    const r = await s.ok('tg_search_participants', { group: '@oss_hackers', query: 'Haddad' });
    expect(r).toMatchObject({ group: markedId(peer), count: expected.length, truncated: false });
    expect((r.participants as Member[]).map((m) => m.id)).toEqual(expected);
    for (const m of r.participants as Member[]) expect(m.last_name).toBe('Haddad');
  });

  it('a limit smaller than the matches truncates', async () => {
    const world = s.fake.world;
    const peer = peerOf(world, 'oss_hackers');
    const expected = matching(world, peer.id, 'member1');
    expect(expected.length).toBeGreaterThan(3);
    const r = await s.ok('tg_search_participants', {
      group: '@oss_hackers',
      query: 'member1',
      limit: 3,
    });
    expect(r).toMatchObject({ count: 3, truncated: true });
    expect((r.participants as Member[]).map((m) => m.id)).toEqual(expected.slice(0, 3));
  });

  it('no match: an empty list, not an error', async () => {
    expect(
      await s.ok('tg_search_participants', { group: '@oss_hackers', query: 'zzqqxx' }),
    ).toMatchObject({ count: 0, participants: [], truncated: false });
  });

  it("include_phone: PHONES_NOT_ALLOWED unless TG_READ_ALLOW_PHONES=1; then contacts' phones", async () => {
    expect(
      await s.error('tg_search_participants', {
        group: '@oss_hackers',
        query: 'Haddad',
        include_phone: true,
      }),
    ).toMatchObject({ code: 'PHONES_NOT_ALLOWED', field: 'include_phone' });
    const r = await phones.ok('tg_search_participants', {
      group: '@oss_hackers',
      query: 'Haddad',
      include_phone: true,
    });
    // Telegram shows a phone number of the account's contacts only.
    const members = r.participants as Member[];
    const world = s.fake.world;
    for (const m of members) {
      const u = world.user(Number(m.id))!;
      expect(m.phone).toBe(u.contact ? u.phone : undefined);
    }
    expect(members.filter((m) => m.phone).length).toBeGreaterThan(0);
  });

  it('the limit is capped at TG_READ_MAX_ITEMS: above it is INVALID_INPUT naming limit', async () => {
    expect(
      await s.error('tg_search_participants', {
        group: '@oss_hackers',
        query: 'a',
        limit: s.config.maxItems + 1,
      }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'limit' });
  });

  it('bad input: an empty or missing query is INVALID_INPUT naming query', async () => {
    for (const args of [{ group: '@oss_hackers', query: '' }, { group: '@oss_hackers' }])
      expect(await s.error('tg_search_participants', args)).toMatchObject({
        code: 'INVALID_INPUT',
        field: 'query',
      });
  });
});
