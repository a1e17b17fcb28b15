// The seeded world behind `--demo`: a few dozen people, groups of each kind, a channel with
// years of history, media, admins, and the awkward cases (deleted user, bot, privacy).
import { mulberry32, textFor } from './rng.js';
import type { ChatSpec, MessageSpec, UserSpec, WorldSpec } from './types.js';
import { World } from './world.js';

const FIRST = [
  'Ada',
  'Boris',
  'Chloe',
  'Dmitri',
  'Elena',
  'Farid',
  'Greta',
  'Hiro',
  'Ines',
  'Jonas',
  'Kira',
  'Luca',
  'Maya',
  'Nikolai',
  'Olga',
  'Pavel',
  'Quinn',
  'Rosa',
  'Sven',
  'Tanya',
  'Umar',
  'Vera',
  'Wei',
  'Ximena',
  'Yusuf',
  'Zoe',
];
const LAST = [
  'Lovelace',
  'Ivanov',
  'Martin',
  'Petrov',
  'Garcia',
  'Haddad',
  'Berg',
  'Tanaka',
  'Silva',
  'Weber',
];

export function demoWorld(seed = 7): World {
  const rand = mulberry32(seed);
  const day = 86_400;
  const now = Math.floor(Date.UTC(2026, 10, 1) / 1000);
  const self: WorldSpec['self'] = {
    id: 100_000,
    firstName: 'Demo',
    lastName: 'User',
    username: 'demo_user',
    phone: '+10000000000',
    password: 'demo-2fa',
  };
  const users: UserSpec[] = FIRST.map((firstName, i) => ({
    id: 200_001 + i,
    firstName,
    lastName: LAST[i % LAST.length],
    username:
      i % 3 === 0
        ? undefined
        : `${firstName.toLowerCase()}_${LAST[i % LAST.length]!.toLowerCase()}`,
    phone: `+1555000${String(i).padStart(4, '0')}`,
    contact: i < 10,
    mutualContact: i < 6,
    forbidsInvites: i % 7 === 3,
  }));
  users.push({ id: 299_001, firstName: 'Deleted Account', deleted: true });
  users.push({ id: 299_002, firstName: 'Helper Bot', username: 'demo_helper_bot', bot: true });
  const ids = users.filter((u) => !u.deleted && !u.bot).map((u) => u.id);
  const pick = () => ids[Math.floor(rand() * ids.length)]!;

  const groupMessages = (n: number, start: number): MessageSpec[] =>
    Array.from({ length: n }, (_, i) => ({
      date: start + i * 3600,
      from: pick(),
      text: textFor(seed, i + start),
    }));

  const chats: ChatSpec[] = [
    {
      id: 3001,
      kind: 'group',
      title: 'Family',
      date: now - 400 * day,
      myRole: 'creator',
      participants: ids.slice(0, 6).map((userId) => ({ userId })),
      messages: [
        {
          date: now - 400 * day,
          from: self.id,
          service: { action: 'create', userIds: ids.slice(0, 6), title: 'Family' },
        },
        ...groupMessages(40, now - 30 * day),
      ],
    },
    {
      id: 1_500_000_001,
      kind: 'supergroup',
      title: 'Open Source Hackers',
      username: 'oss_hackers',
      about: 'Talk about open source. Be kind.',
      date: now - 900 * day,
      slowmodeSeconds: 30,
      myRole: 'admin',
      myAdminRights: { inviteUsers: true, banUsers: true, deleteMessages: true, pinMessages: true },
      participants: [
        { userId: ids[1]!, role: 'creator' },
        ...ids.slice(2, 20).map((userId) => ({ userId })),
      ],
      generatedMembers: { count: 1200, baseUserId: 10_000_000 },
      messages: [
        {
          date: now - 900 * day,
          from: ids[1],
          service: { action: 'create', title: 'Open Source Hackers' },
        },
        {
          date: now - 10 * day,
          from: 'anonymous',
          text: 'Welcome! Please read the pinned rules.',
          pinned: true,
        },
        {
          date: now - 9 * day,
          from: ids[3],
          text: 'Here is the design doc',
          media: {
            kind: 'document',
            name: 'design.pdf',
            mimeType: 'application/pdf',
            size: 48_000,
          },
        },
        {
          date: now - 8 * day,
          from: ids[4],
          text: 'Photo from the meetup',
          media: { kind: 'photo', size: 90_000 },
        },
        {
          date: now - 7 * day,
          from: { channel: 1_600_000_001 },
          text: 'Forwarded announcement',
          forwardedFrom: { channelId: 1_600_000_001, date: now - 8 * day },
        },
        ...groupMessages(60, now - 6 * day),
      ],
    },
    {
      id: 1_600_000_001,
      kind: 'channel',
      title: 'Tech News Daily',
      username: 'tech_news_daily',
      about: 'Three years of daily tech news.',
      date: now - 3 * 365 * day,
      myRole: 'member',
      generatedHistory: { count: 20_000, from: now - 3 * 365 * day, to: now - day },
      generatedMembers: { count: 50_000, baseUserId: 20_000_000 },
    },
    {
      id: 1_600_000_002,
      kind: 'channel',
      title: 'Demo Announcements',
      username: 'demo_announcements',
      date: now - 100 * day,
      myRole: 'creator',
      participants: ids.slice(0, 12).map((userId) => ({ userId })),
      messages: [
        { date: now - 100 * day, service: { action: 'create', title: 'Demo Announcements' } },
        { date: now - 2 * day, text: 'Version 1.0 is out!', views: 1234 },
      ],
    },
    {
      id: 1_500_000_002,
      kind: 'supergroup',
      title: 'Read-only Archive',
      date: now - 500 * day,
      myRole: 'member',
      readOnly: true,
      participants: ids.slice(0, 8).map((userId) => ({ userId })),
      messages: groupMessages(10, now - 200 * day),
    },
  ];

  const privateChats = ids.slice(0, 8).map((userId, i) => ({
    userId,
    messages: [
      { date: now - (i + 1) * day, from: userId, text: `Hi! ${textFor(seed + 1, i)}` },
      { date: now - (i + 1) * day + 600, from: self.id, text: `Hello ${FIRST[i]}` },
    ],
  }));

  return new World({
    seed,
    self,
    users,
    chats,
    privateChats,
    savedMessages: [{ date: now - 3 * day, from: self.id, text: 'Note to self: try tgmcp --demo' }],
    pinnedDialogs: ['chat:3001'],
  });
}
