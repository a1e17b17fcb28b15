// The read scope (openTelegram's `readScope`, TG_READ_ALLOWED_CHATS) enforced by the typed
// operations themselves: every operation that takes a chat reference refuses one outside the
// scope with the error a reference to nothing gets (CHAT_NOT_ALLOWED naming the caller's field),
// whatever way the chat is named; lists and stats leave such chats out; the DC is never asked
// about them beyond resolving the reference. Real gramjs against the testkit's fake DC.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createFloodMemory, memoryStore } from '@tgmcp/ratelimit';
import { type FakeTelegram, createWorld, type World } from '@tgmcp/testkit';
import { describe, expect, it } from 'vitest';
import {
  ChatNotAllowedError,
  ReadScope,
  type Telegram,
  WriteBlockedError,
  offlineStats,
} from '../src/index.js';
import { T0, collect, open, startFake, tempDir } from './ops-setup.js';

function scopeWorld(): World {
  return createWorld({
    self: { id: 1, firstName: 'Me', username: 'me_user' },
    users: [
      { id: 10, firstName: 'Alice', username: 'alice' },
      { id: 11, firstName: 'Bob', username: 'bobby' },
    ],
    chats: [
      {
        id: 100,
        kind: 'supergroup',
        title: 'Club',
        username: 'club',
        date: T0,
        myRole: 'admin',
        participants: [
          { userId: 10, role: 'creator', date: T0 },
          { userId: 1, role: 'admin', date: T0 },
          { userId: 11, role: 'member', date: T0 },
        ],
        messages: [
          { id: 1, date: T0 + 10, from: 10, text: 'club hello' },
          { id: 2, date: T0 + 20, from: 11, text: '', media: { kind: 'photo', size: 1000 } },
        ],
      },
      {
        id: 200,
        kind: 'channel',
        title: 'Newsroom',
        username: 'news_chan',
        date: T0,
        myRole: 'admin',
        messages: [
          { id: 1, date: T0 + 10, from: { channel: 200 }, text: 'secret newsroom post' },
          { id: 2, date: T0 + 20, from: { channel: 200 }, text: '', media: { kind: 'photo' } },
        ],
      },
      {
        id: 300,
        kind: 'group',
        title: 'Family',
        date: T0,
        myRole: 'member',
        inviteHash: 'FamilyInvite1234',
        participants: [
          { userId: 1, role: 'member' },
          { userId: 10, role: 'creator' },
        ],
        messages: [
          { id: 1, date: T0 + 5, from: 10, text: '', media: { kind: 'photo', size: 500 } },
        ],
      },
    ],
    privateChats: [
      { userId: 10, messages: [{ date: T0 + 1, from: 10, text: 'hi from alice' }] },
      { userId: 11, messages: [{ date: T0 + 2, from: 11, text: 'private bob note' }] },
    ],
  });
}

// Alice's private chat is in the scope (people's chats can be listed); two entries name nothing.
const SCOPE = ['@club', '@alice', '@no_such_chat_here', 'Not A Ref'];

// Every way to name the two out-of-scope chats: Newsroom (channel -100200), Family (group -300).
const OUTSIDE: unknown[] = [
  '@news_chan',
  'news_chan',
  'https://t.me/news_chan',
  't.me/s/news_chan',
  'tg://resolve?domain=news_chan',
  '-100200',
  -100200,
  '200',
  'https://t.me/c/200/1',
  '-300',
  -300,
  'https://t.me/+FamilyInvite1234',
];
// References to nothing, one of each shape.
const MISSING: unknown[] = [
  '@no_such_chat_x',
  '-100999999',
  -999,
  '999999',
  'https://t.me/c/999999/1',
  'https://t.me/+NoSuchInvite1234',
];
const LEAK = /newsroom|news_chan|100200|\b200\b|family|-300\b|\b300\b|FamilyInvite/i;

/** Every read operation that takes a reference, with the field name a caller passes. */
type Op = [name: string, field: string, call: (tg: Telegram, ref: unknown) => Promise<unknown>];
const OPS: Op[] = [
  ['resolveChat', 'group', (tg, ref) => tg.resolveChat(ref, 'group')],
  ['resolvePeer', 'username', (tg, ref) => tg.resolvePeer(ref, 'username')],
  ['pinPeer', 'chat', (tg, ref) => tg.pinPeer(ref, 'chat')],
  ['getChatInfo', 'group', (tg, ref) => tg.getChatInfo(ref, 'group')],
  ['getUser', 'user_id', (tg, ref) => tg.getUser(ref, 'user_id')],
  [
    'iterMessages',
    'group',
    (tg, ref) => collect(tg.iterMessages(ref, { limit: 5, field: 'group' })),
  ],
  [
    'iterMessages fromUser',
    'from_user',
    (tg, ref) => collect(tg.iterMessages('@club', { fromUser: ref, limit: 5 })),
  ],
  ['countMessages', 'group', (tg, ref) => tg.countMessages(ref, 'group')],
  ['getCreationDate', 'group', (tg, ref) => tg.getCreationDate(ref, 'group')],
  [
    'iterParticipants',
    'group',
    (tg, ref) => collect(tg.iterParticipants(ref, { limit: 5, field: 'group' })),
  ],
  ['downloadMedia', 'group', (tg, ref) => tg.downloadMedia(ref, 2, { field: 'group' })],
  ['isMember', 'group', (tg, ref) => tg.isMember(ref, '@alice')],
  ['joinChat', 'chat', (tg, ref) => tg.joinChat(ref)],
];

/** The error, in every part a caller could show. */
function shown(err: unknown): string {
  const e = err as Error;
  return JSON.stringify({ ...e, name: e.name, message: e.message, cause: String(e.cause) });
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ChatNotAllowedError);
  return shown(err);
}

/** Requests that named an out-of-scope chat or Bob's private chat (resolving asks by name only). */
const namingOutside = (fake: FakeTelegram, from: number) =>
  fake.requests
    .all()
    .slice(from)
    .filter((r) => ['channel:200', 'chat:300', 'user:11'].includes(r.peer ?? ''));

async function openScoped(fake: FakeTelegram, role: 'read' | 'actions' = 'read') {
  const unresolved: string[] = [];
  const readScope = new ReadScope(SCOPE, { onUnresolved: (ref) => unresolved.push(ref) });
  const dataDir = tempDir();
  const mediaDir = path.join(dataDir, 'media');
  const tg = await open(fake, { role, readScope, dataDir, mediaDir });
  return { tg, unresolved, readScope, dataDir, mediaDir };
}

describe('read scope in the typed operations', { timeout: 120_000 }, () => {
  // The actions role's write path (pins, membership, join) is outside the scope: tested below.
  const WRITE_PATH = ['pinPeer', 'isMember', 'joinChat'];

  it.each(['read', 'actions'] as const)(
    '%s role: every read op refuses every way of naming an out-of-scope chat, exactly as a missing one',
    async (role) => {
      const fake = await startFake(scopeWorld());
      const { tg, unresolved, mediaDir } = await openScoped(fake, role);
      const from = fake.requests.all().length;
      const ops = OPS.filter(([name]) => role === 'read' || !WRITE_PATH.includes(name));
      let calls = 0;
      for (const [name, field, call] of ops) {
        // One reference to nothing sets the expected error; every other missing and every
        // out-of-scope reference must give it to the byte.
        const expected = await refusal(call(tg, MISSING[0]));
        expect(JSON.parse(expected), name).toMatchObject({ code: 'CHAT_NOT_ALLOWED', field });
        for (const ref of [...MISSING, ...OUTSIDE]) {
          calls++;
          const got = await refusal(call(tg, ref));
          expect(got, `${name}(${JSON.stringify(ref)})`).toBe(expected);
          expect(got).not.toMatch(LEAK);
        }
      }
      expect(calls).toBe(ops.length * (MISSING.length + OUTSIDE.length));
      expect(namingOutside(fake, from)).toEqual([]);
      expect(fake.requests.writes()).toEqual([]);
      expect(readdirSync(mediaDir)).toEqual([]);
      // The two entries that name nothing were reported once each, and left out.
      expect(unresolved).toEqual(['@no_such_chat_here', 'Not A Ref']);
    },
  );

  it('in-scope chats work through every op and every way of naming them', async () => {
    const fake = await startFake(scopeWorld());
    const { tg, mediaDir } = await openScoped(fake);
    for (const ref of [
      '@club',
      'club',
      'https://t.me/club',
      '-100100',
      -100100,
      '100',
      'https://t.me/c/100/2',
    ])
      expect((await tg.resolveChat(ref, 'group')).id).toBe('-100100');
    expect(await tg.getChatInfo('@club')).toMatchObject({ id: '-100100', title: 'Club' });
    expect((await collect(tg.iterMessages('@club'))).map((m) => m.id)).toEqual([2, 1]);
    expect(await tg.countMessages('-100100')).toBe(2);
    expect((await tg.getCreationDate('@club')).created_at_unix).toBe(T0 + 10);
    expect(await collect(tg.iterParticipants('@club'))).toHaveLength(3);
    expect((await tg.downloadMedia('@club', 2)).size).toBe(1000);
    expect(readdirSync(mediaDir)).toHaveLength(1);
    expect(await tg.isMember('@club', '@alice')).toBe(true);
    expect((await tg.pinPeer('@club')).id).toBe('-100100');
    // A sender filter naming a person, in scope or not: people are not chats.
    const fromBob = await collect(tg.iterMessages('@club', { fromUser: '@bobby' }));
    expect(fromBob.map((m) => m.id)).toEqual([2]);
  });

  it('people pass for lookups; their private chats stay out unless listed', async () => {
    const fake = await startFake(scopeWorld());
    const { tg } = await openScoped(fake);
    const from = fake.requests.all().length;
    // Bob is not in the scope: who he is may be looked up, his chat may not be read.
    expect(await tg.resolvePeer('@bobby', 'username')).toMatchObject({ id: '11', type: 'user' });
    expect(await tg.getUser('11', 'user_id')).toMatchObject({ id: '11', first_name: 'Bob' });
    expect((await tg.pinPeer('@bobby')).id).toBe('11');
    for (const ref of ['@bobby', '11', 11]) {
      await refusal(tg.resolveChat(ref, 'group'));
      await refusal(tg.getChatInfo(ref, 'group'));
      await refusal(collect(tg.iterMessages(ref)));
      await refusal(tg.countMessages(ref));
      await refusal(tg.getCreationDate(ref));
      await refusal(tg.downloadMedia(ref, 1));
    }
    // Nothing read his chat.
    expect(namingOutside(fake, from)).toEqual([]);
    // Alice is listed: her private chat reads.
    const alice = await collect(tg.iterMessages('@alice'));
    expect(alice.map((m) => m.text)).toEqual(['hi from alice']);
    // A chat is not a person: in scope, getUser says so; outside, it is not there at all.
    await expect(tg.getUser('@club', 'user_id')).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      field: 'user_id',
    });
    await refusal(tg.getUser('@news_chan', 'user_id'));
  });

  const IN_SCOPE_DIALOGS = {
    all: ['-100100', '10'],
    user: ['10'],
    group: ['-100100'], // `group` includes supergroups
    supergroup: ['-100100'],
    channel: [],
  };

  it('dialogs list only chats in the scope, for every type and limit, cursors included', async () => {
    const fake = await startFake(scopeWorld());
    const { tg } = await openScoped(fake);
    for (const type of ['all', 'user', 'group', 'supergroup', 'channel'] as const)
      for (const limit of [1, 2, 3, 100]) {
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const page: Awaited<ReturnType<Telegram['getDialogs']>> = await tg.getDialogs({
            limit,
            type,
            cursor,
          });
          expect(page.dialogs.length).toBeLessThanOrEqual(limit);
          ids.push(...page.dialogs.map((d) => d.id));
          expect(JSON.stringify(page)).not.toMatch(LEAK);
          cursor = page.next_cursor;
          if (cursor) expect(Buffer.from(cursor, 'base64url').toString()).not.toMatch(LEAK);
        } while (cursor);
        expect(ids.sort(), `${type} limit ${limit}`).toEqual(IN_SCOPE_DIALOGS[type]);
      }
  });

  it('stats leave out the waits of chats outside the scope, online and offline', async () => {
    const fake = await startFake(scopeWorld());
    const store = memoryStore();
    const flood = createFloodMemory({ store, key: 'session:test' });
    const slowmode = { kind: 'slowmode_wait' as const, retryAfterSec: 600, scope: 'chat' as const };
    for (const chat of ['channel:100', 'channel:200', 'chat:300', 'user:11'])
      await flood.record(slowmode, { chat });
    await flood.record(
      { kind: 'flood_wait', retryAfterSec: 600, scope: 'method' },
      { method: 'messages.SearchGlobal' },
    );
    const readScope = new ReadScope(SCOPE, { onUnresolved: () => {} });
    const dataDir = tempDir();
    const offline = (scope: readonly string[] | ReadScope | undefined) =>
      offlineStats({ session: 'test', role: 'read', dataDir, store, readScope: scope });
    const targets = (s: { flood_waits: Array<{ target?: string }> }) =>
      s.flood_waits.map((w) => w.target).sort();
    // Not resolved yet (no client): no chat's wait shows; without a scope all do.
    expect(targets(await offline(readScope))).toEqual(['messages.SearchGlobal']);
    expect(targets(await offline(SCOPE))).toEqual(['messages.SearchGlobal']);
    expect(targets(await offline(undefined))).toHaveLength(5);
    const tg = await open(fake, { readScope, store, dataDir });
    expect(targets(await tg.stats())).toEqual(['channel:100', 'messages.SearchGlobal']);
    // Resolved by the client: offline stats now show what the scope covers.
    expect(targets(await offline(readScope))).toEqual(['channel:100', 'messages.SearchGlobal']);
  });

  it('resolved once: a username handed to another chat later cannot widen the scope', async () => {
    const world = scopeWorld();
    const fake = await startFake(world);
    const { tg, readScope } = await openScoped(fake);
    expect(await tg.countMessages('@club')).toBe(2);
    const lookups = fake.requests.count('contacts.ResolveUsername');
    // @club is freed and taken by the out-of-scope channel; the club is renamed.
    world.moveUsername('club', { type: 'channel', id: 200 });
    world.chat(100)!.title = 'Club Renamed';
    await refusal(tg.getChatInfo('@club', 'group'));
    await refusal(collect(tg.iterMessages('https://t.me/club')));
    expect(await tg.getChatInfo('-100100')).toMatchObject({ id: '-100100' });
    // The scope itself was not resolved again (only the two references above were looked up).
    expect(fake.requests.count('contacts.ResolveUsername')).toBe(lookups + 2);
    // A second client of the process (a session switch) shares the ids resolved first.
    const other = await open(fake, { readScope });
    await refusal(other.getChatInfo('@club', 'group'));
    expect(await other.countMessages('-100100')).toBe(2);
    expect([...readScope.ids!].sort()).toEqual(['-100100', '10']);
  });

  it('a passing failure while resolving the scope fails the call, and is not kept', async () => {
    const fake = await startFake(scopeWorld());
    const { tg, unresolved } = await openScoped(fake);
    fake.limits.add({
      kind: 'script',
      method: 'contacts.ResolveUsername',
      nth: fake.limits.callsOf('contacts.ResolveUsername') + 1,
      error: 'INTERNAL_SERVER_ERROR_TEST',
      code: 400,
    });
    await expect(tg.countMessages('-100100')).rejects.toMatchObject({
      errorMessage: 'INTERNAL_SERVER_ERROR_TEST',
    });
    expect(unresolved).toEqual([]);
    // Tried again on the next call: the club is in the scope, not dropped.
    expect(await tg.countMessages('-100100')).toBe(2);
    expect(unresolved).toEqual(['@no_such_chat_here', 'Not A Ref']);
  });

  it('an empty scope allows no chat; without a scope nothing is refused', async () => {
    const fake = await startFake(scopeWorld());
    const none = await open(fake, { readScope: [] });
    await refusal(none.getChatInfo('@club'));
    expect((await none.getDialogs()).dialogs).toEqual([]);
    expect((await none.getUser('@alice')).id).toBe('10');
    const open_ = await open(fake);
    expect(await open_.countMessages('@news_chan')).toBe(2);
    await expect(open_.getChatInfo('@no_such_chat_x', 'group')).rejects.toMatchObject({
      code: 'PEER_NOT_FOUND',
      field: 'group',
    });
  });

  it('read role: write-path ops obey the scope too, and writes stay blocked', async () => {
    const fake = await startFake(scopeWorld());
    const { tg, dataDir } = await openScoped(fake);
    mkdirSync(path.join(dataDir, 'outbox'));
    writeFileSync(path.join(dataDir, 'outbox', 'a.txt'), 'hello');
    // Handles pinned by an actions client (its write path is outside the scope).
    const actions = await open(fake, { role: 'actions' });
    const news = await actions.pinPeer('@news_chan');
    const bob = await actions.pinPeer('@bobby');
    const from = fake.requests.all().length;
    await refusal(tg.findSent(news, { text: 'x', sinceUnix: 0, randomId: '1' }));
    await refusal(tg.isFirstContact(bob));
    // Writes: out of scope refused before anything (removeMember would look at membership
    // first); in scope, blocked by the role as ever.
    await refusal(tg.sendMessage(news, 'hi'));
    await refusal(tg.sendMessage(bob, 'hi'));
    await refusal(tg.sendFile(news, 'a.txt'));
    await refusal(tg.addMember(news, bob));
    await refusal(tg.removeMember(news, bob));
    const club = await tg.pinPeer('@club');
    for (const write of [
      () => tg.sendMessage(club, 'hi'),
      () => tg.sendFile(club, 'a.txt'),
      () => tg.addMember(club, bob),
      () => tg.removeMember(club, bob),
    ])
      await expect(write()).rejects.toBeInstanceOf(WriteBlockedError);
    expect(namingOutside(fake, from)).toEqual([]);
    expect(fake.requests.writes()).toEqual([]);
  });

  it('actions role: reads obey the scope; the write path does not (the policy governs it)', async () => {
    const fake = await startFake(scopeWorld());
    const { tg } = await openScoped(fake, 'actions');
    await refusal(tg.getChatInfo('@news_chan', 'group'));
    await refusal(tg.resolvePeer('-300', 'group'));
    await refusal(collect(tg.iterMessages('@news_chan')));
    expect((await tg.getDialogs()).dialogs.map((d) => d.id).sort()).toEqual(['-100100', '10']);
    const news = await tg.pinPeer('@news_chan');
    expect(news).toMatchObject({ id: '-100200', type: 'channel' });
    expect(await tg.isMember('-300', '@alice')).toBe(true);
    expect(await tg.isFirstContact(await tg.pinPeer('@bobby'))).toBe(true);
    expect(await tg.findSent(news, { text: 'nope', sinceUnix: 0, randomId: '1' })).toBeUndefined();
    const joined = await tg.writeCapability!.run(() =>
      tg.joinChat('https://t.me/+FamilyInvite1234'),
    );
    expect(joined).toMatchObject({ chat_id: '-300', changed: false });
  });

  it('every function of the Telegram object is classified here (a new one must be)', async () => {
    const fake = await startFake(scopeWorld());
    const { tg } = await openScoped(fake);
    const classified = new Set([
      ...OPS.map(([name]) => name.split(' ')[0]!),
      'getDialogs', // filtered: above
      'stats', // filtered: above
      'findSent', // pinned handles: read role above
      'isFirstContact',
      'sendMessage', // writes: blocked for the read role, governed by the policy otherwise
      'sendFile',
      'addMember',
      'removeMember',
      'close',
    ]);
    const functions = Object.entries(tg)
      .filter(([, v]) => typeof v === 'function')
      .map(([k]) => k);
    expect(functions.filter((k) => !classified.has(k))).toEqual([]);
    expect([...classified].filter((k) => !functions.includes(k))).toEqual([]);
  });
});
