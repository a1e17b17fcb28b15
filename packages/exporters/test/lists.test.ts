// exportParticipants, exportDialogs and exportGroups against the fake DC.
import { describe, expect, it } from 'vitest';
import { exportDialogs, exportGroups, exportParticipants } from '../src/index.js';
import type { ProgressEvent } from '../src/index.js';
import { collect, setup } from './setup.js';

describe('exportParticipants', () => {
  it('exports members in pages of 200, with progress against members_count', async () => {
    const { fake, tg } = await setup();
    const events: ProgressEvent[] = [];
    const before = fake.requests.count('channels.GetParticipants');
    const members = await collect(
      exportParticipants(tg, '@big_group', { onProgress: (e) => events.push(e) }),
    );
    expect(members.length).toBeGreaterThanOrEqual(450);
    expect(new Set(members.map((m) => m.id)).size).toBe(members.length);
    expect(fake.requests.count('channels.GetParticipants') - before).toBe(
      Math.ceil(members.length / 200),
    );
    expect(events.at(-1)).toMatchObject({ done: members.length, total: members.length });
  });

  it('leaves phone numbers out unless asked', async () => {
    const { tg } = await setup();
    const plain = await collect(exportParticipants(tg, '@club'));
    expect(plain.find((m) => m.id === '10')).toMatchObject({ username: 'alice', phone: null });
    const withPhone = await collect(exportParticipants(tg, '@club', { includePhone: true }));
    expect(withPhone.find((m) => m.id === '10')!.phone).toBe('+15550002222');
  });

  it('resumes after the ids already written, even when offsets shift', async () => {
    const { tg } = await setup();
    const all = (await collect(exportParticipants(tg, '@big_group'))).map((m) => m.id);
    const first = exportParticipants(tg, '@big_group');
    const head: string[] = [];
    for await (const m of first) {
      head.push(m.id);
      if (head.length === 321) break;
    }
    // As if members joined meanwhile: the resumed walk starts over and skips what was written.
    const rest = await collect(
      exportParticipants(tg, '@big_group', { resumeFrom: first.checkpoint() }),
    );
    expect([...head, ...rest.map((m) => m.id)].sort()).toEqual([...all].sort());
    expect(rest.every((m) => !head.includes(m.id))).toBe(true);
  });
});

describe('exportDialogs / exportGroups', () => {
  it('lists dialogs, filtered by type before the limit', async () => {
    const { tg } = await setup();
    const all = await collect(exportDialogs(tg));
    expect(all.map((d) => d.title)).toEqual(
      expect.arrayContaining(['Club', 'News', 'Family', 'Big']),
    );
    const channels = await collect(exportDialogs(tg, { type: 'channel' }));
    expect(channels.map((d) => d.title)).toEqual(['News']);
    expect(await collect(exportDialogs(tg, { limit: 2 }))).toHaveLength(2);
  });

  it('exports groups and channels with their chat info, resumable', async () => {
    const { tg } = await setup();
    const groups = await collect(exportGroups(tg));
    expect(groups.map((g) => g.type).sort()).toEqual([
      'channel',
      'group',
      'supergroup',
      'supergroup',
    ]);
    expect(groups.find((g) => g.title === 'Club')).toMatchObject({
      about: 'A club',
      my_role: 'admin',
      members_count: expect.any(Number) as unknown,
      unread_count: expect.any(Number) as unknown,
    });
    const first = exportGroups(tg);
    const head: string[] = [];
    for await (const g of first) {
      head.push(g.id);
      if (head.length === 2) break;
    }
    const rest = await collect(exportGroups(tg, { resumeFrom: first.checkpoint() }));
    expect([...head, ...rest.map((g) => g.id)]).toEqual(groups.map((g) => g.id));
  });
});
