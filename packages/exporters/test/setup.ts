// openTelegram against a fake DC whose world has the awkward cases an export must survive:
// text with commas, quotes, CR/LF, formulas and emoji, every kind of sender, service messages,
// media, a generated history and member list, and dialogs of every type.
import { type OpenTelegramOptions, type Telegram, openTelegram } from '@tgmcp/telegram';
import { type FakeTelegram, type World, createWorld, startFakeTelegram } from '@tgmcp/testkit';
import { Cleanup } from '@tgmcp/testkit/harness';
import { afterEach } from 'vitest';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

export const T0 = 1_600_000_000;
export const HISTORY = 1234;

export function exportWorld(): World {
  return createWorld({
    self: { id: 1, firstName: 'Me', username: 'me_user', phone: '15550001111' },
    users: [
      {
        id: 10,
        firstName: 'Alice',
        lastName: 'A',
        username: 'alice',
        phone: '15550002222',
        contact: true,
      },
      { id: 11, firstName: 'Bob, "the" builder', username: 'bobby' },
      { id: 12, firstName: 'Helper', username: 'helper_bot', bot: true },
    ],
    chats: [
      {
        id: 100,
        kind: 'supergroup',
        title: 'Club',
        username: 'club',
        date: T0,
        about: 'A club',
        myRole: 'admin',
        myAdminRights: { inviteUsers: true, pinMessages: true },
        participants: [
          { userId: 10, role: 'creator', date: T0 },
          { userId: 1, role: 'admin', date: T0 + 1, rank: 'mod' },
          { userId: 11, role: 'member', date: T0 + 2, inviterId: 10 },
          { userId: 12, role: 'member', date: T0 + 3 },
        ],
        messages: [
          { id: 1, date: T0, from: 10, service: { action: 'create', title: 'Club' } },
          { id: 2, date: T0 + 60, from: 10, text: 'hello, "world"', pinned: true, views: 5 },
          { id: 3, date: T0 + 120, from: 'anonymous', text: 'line one\r\nline two\nthree' },
          { id: 4, date: T0 + 180, from: 11, text: '=HYPERLINK("x") and @you', replyTo: 2 },
          {
            id: 5,
            date: T0 + 240,
            from: 11,
            text: 'a file',
            media: { kind: 'document', name: 'notes.txt', mimeType: 'text/plain', size: 3000 },
          },
          { id: 6, date: T0 + 300, from: 10, text: '', media: { kind: 'photo', size: 2000 } },
          {
            id: 7,
            date: T0 + 360,
            from: 11,
            text: 'forwarded ✓ 🚀',
            forwardedFrom: { userId: 10, date: T0 + 30 },
            editDate: T0 + 400,
          },
          { id: 8, date: T0 + 420, from: { channel: 200 }, text: '-1 +1 -100200' },
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
        generatedHistory: { count: HISTORY, from: T0, to: T0 + 1_000_000, senders: [10, 11] },
        generatedMembers: { count: 450, baseUserId: 5_000_000 },
      },
    ],
    privateChats: [{ userId: 10, messages: [{ date: T0 + 1, from: 10, text: 'hey me' }] }],
  });
}

export const tempDir = (): string => cleanup.tempDir('tgmcp-exporters-');

export async function startFake(world: World = exportWorld()): Promise<FakeTelegram> {
  const fake = await startFakeTelegram({ world });
  cleanup.add(() => fake.close());
  return fake;
}

export async function open(
  fake: FakeTelegram,
  overrides: Partial<OpenTelegramOptions> = {},
): Promise<Telegram> {
  const tg = await openTelegram({
    apiId: 1,
    apiHash: '0123456789abcdef0123456789abcdef',
    session: { string: fake.sessionString, name: 'test' },
    role: 'read',
    dataDir: tempDir(),
    limits: { mode: 'off' },
    connect: { clientOptions: fake.connectOptions },
    ...overrides,
  });
  cleanup.add(() => tg.close());
  return tg;
}

export async function setup(): Promise<{ fake: FakeTelegram; tg: Telegram }> {
  const fake = await startFake();
  return { fake, tg: await open(fake) };
}

/** A clock that moves only when told (ms). */
export function manualClock(start = 0) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

export { collect } from '@tgmcp/testkit/harness';
