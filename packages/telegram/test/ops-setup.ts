// openTelegram against a fake DC with a world made for the typed-operation tests.
import { createWorld, type FakeTelegram, startFakeTelegram, type World } from '@tgmcp/testkit';
import { Cleanup } from '@tgmcp/testkit/harness';
import { afterEach } from 'vitest';
import { type OpenTelegramOptions, openTelegram } from '../src/index.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

export const T0 = 1_600_000_000;

export function opsWorld(): World {
  return createWorld({
    self: { id: 1, firstName: 'Me', username: 'me_user', phone: '15550001111' },
    users: [
      {
        id: 10,
        firstName: 'Alice',
        lastName: 'A',
        username: 'alice',
        contact: true,
        premium: true,
      },
      { id: 11, firstName: 'Bob', username: 'bobby', mutualContact: true },
      { id: 12, firstName: 'Helper', username: 'helper_bot', bot: true },
      { id: 13, firstName: 'Carol', username: 'carol', forbidsInvites: true },
      { id: 14, firstName: 'Dave', username: 'david' },
    ],
    chats: [
      {
        id: 100,
        kind: 'supergroup',
        title: 'Club',
        username: 'club',
        date: T0,
        about: 'A club',
        slowmodeSeconds: 30,
        myRole: 'admin',
        myAdminRights: { inviteUsers: true, banUsers: true, pinMessages: true },
        participants: [
          { userId: 10, role: 'creator', date: T0 },
          { userId: 1, role: 'admin', date: T0 + 1, rank: 'mod' },
          { userId: 11, role: 'member', date: T0 + 2, inviterId: 10 },
          { userId: 12, role: 'member', date: T0 + 3 },
        ],
        messages: [
          { id: 1, date: T0, from: 10, service: { action: 'create', title: 'Club' } },
          { id: 2, date: T0 + 60, from: 10, text: 'hello world', pinned: true, views: 5 },
          { id: 3, date: T0 + 120, from: 'anonymous', text: 'from an anonymous admin' },
          { id: 4, date: T0 + 180, from: 11, text: 'a reply', replyTo: 2 },
          {
            id: 5,
            date: T0 + 240,
            from: 11,
            text: 'a file',
            media: { kind: 'document', name: '../../evil.txt', mimeType: 'text/plain', size: 3000 },
          },
          { id: 6, date: T0 + 300, from: 10, text: '', media: { kind: 'photo', size: 2000 } },
          {
            id: 7,
            date: T0 + 360,
            from: 11,
            text: 'forwarded',
            forwardedFrom: { userId: 10, date: T0 + 30 },
          },
          { id: 8, date: T0 + 420, from: { channel: 200 }, text: 'posted as the channel' },
        ],
      },
      {
        id: 200,
        kind: 'channel',
        title: 'News',
        username: 'news_chan',
        date: T0,
        myRole: 'member',
        messages: [{ id: 1, date: T0 + 10, from: { channel: 200 }, text: 'news', views: 100 }],
      },
      {
        id: 300,
        kind: 'group',
        title: 'Family',
        date: T0,
        myRole: 'member',
        participants: [
          { userId: 1, role: 'member' },
          { userId: 10, role: 'creator' },
          { userId: 11, role: 'member' },
        ],
        messages: [{ id: 1, date: T0 + 5, from: 10, text: 'hi family' }],
      },
      {
        id: 400,
        kind: 'supergroup',
        title: 'Big',
        username: 'big_group',
        date: T0,
        myRole: 'member',
        generatedHistory: { count: 250, from: T0, to: T0 + 250_000, senders: [10, 11] },
        generatedMembers: { count: 450, baseUserId: 5_000_000 },
      },
      {
        id: 500,
        kind: 'supergroup',
        title: 'Secret',
        date: T0,
        myRole: 'left',
        inviteHash: 'JoinMe1234567890',
      },
      {
        id: 600,
        kind: 'channel',
        title: 'Public',
        username: 'public_chan',
        date: T0,
        myRole: 'left',
      },
    ],
    privateChats: [{ userId: 10, messages: [{ date: T0 + 1, from: 10, text: 'hey me' }] }],
  });
}

export const tempDir = (): string => cleanup.tempDir('tgmcp-ops-');

export async function startFake(
  world: World = opsWorld(),
  authorized = true,
): Promise<FakeTelegram> {
  const fake = await startFakeTelegram({ world, authorized });
  cleanup.add(() => fake.close());
  return fake;
}

export async function open(fake: FakeTelegram, overrides: Partial<OpenTelegramOptions> = {}) {
  const tg = await openTelegram({
    apiId: 1,
    apiHash: '0123456789abcdef0123456789abcdef',
    session: { string: fake.sessionString, name: 'test' },
    role: 'read',
    dataDir: overrides.dataDir ?? tempDir(),
    limits: { mode: 'local', rate: 1000, burst: 1000 },
    connect: { clientOptions: fake.connectOptions },
    ...overrides,
  });
  cleanup.add(() => tg.close());
  return tg;
}

export { collect } from '@tgmcp/testkit/harness';
