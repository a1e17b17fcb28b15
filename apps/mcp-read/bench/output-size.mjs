// Output size: JSON bytes per record of tg_get_messages (beyond the text), tg_get_my_dialogs,
// tg_get_participants and tg_get_group_info on the demo chats, and the size of tools/list.
// The baseline, computed in the same run from the same records, is the verbose shape the tools
// returned before issue 15 (every field, null/false included, chat_id on every message):
// absent fields mean null/false/0/empty, so it is the lean record filled back in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSessionStore } from '@tgmcp/telegram';
import { demoWorld, startFakeTelegram } from '@tgmcp/testkit';
import { serverEnv } from '@tgmcp/testkit/harness';
import { startStdioServer } from '@tgmcp/testkit/mcp-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const BYTES = (v) => Buffer.byteLength(JSON.stringify(v));
/** tools/list of the read server before issue 15 (commit eb74965, measured with this bench's listing code). */
const TOOLS_LIST_BEFORE = 26_944;

const MEDIA_CLASS = {
  photo: 'MessageMediaPhoto',
  document: 'MessageMediaDocument',
  webpage: 'MessageMediaWebPage',
  geo: 'MessageMediaGeo',
  contact: 'MessageMediaContact',
  poll: 'MessageMediaPoll',
};
const or = (v, d) => (v === undefined ? d : v);
const verboseMessage = (m, chatId) => ({
  id: m.id,
  chat_id: chatId,
  date: m.date,
  date_unix: Date.parse(m.date) / 1000,
  edit_date: or(m.edit_date, null),
  from_id: or(m.from_id, null),
  // from_type is left out by default now: from_id's form says it.
  from_type: or(
    m.from_type,
    m.from_id === undefined
      ? null
      : m.from_id.startsWith('-100')
        ? 'channel'
        : m.from_id.startsWith('-')
          ? 'chat'
          : 'user',
  ),
  from_name: or(m.from_name, null),
  post_author: or(m.post_author, null),
  text: or(m.text, ''),
  is_reply: or(m.is_reply, false),
  reply_to_msg_id: or(m.reply_to_msg_id, null),
  fwd_from: m.fwd_from
    ? {
        from_id: or(m.fwd_from.from_id, null),
        from_type: or(m.fwd_from.from_type, null),
        from_name: or(m.fwd_from.from_name, null),
        date: m.fwd_from.date,
        channel_post: or(m.fwd_from.channel_post, null),
      }
    : null,
  views: or(m.views, null),
  forwards: or(m.forwards, null),
  is_pinned: or(m.is_pinned, false),
  is_service: or(m.is_service, false),
  action: or(m.action, null),
  has_media: !!m.media,
  media_type: m.media ? (MEDIA_CLASS[m.media.kind] ?? 'MessageMediaUnsupported') : null,
  media: m.media
    ? {
        kind: m.media.kind,
        file_name: or(m.media.file_name, null),
        mime_type: or(m.media.mime_type, null),
        size: or(m.media.size, null),
      }
    : null,
  grouped_id: or(m.grouped_id, null),
});
const verboseDialog = (d) => ({
  id: d.id,
  type: d.type,
  title: d.title,
  username: or(d.username, null),
  unread_count: or(d.unread_count, 0),
  pinned: or(d.pinned, false),
  members_count: or(d.members_count, null),
  last_message_id: or(d.last_message_id, null),
  last_message_date: or(d.last_message_date, null),
});
const verboseParticipant = (p) => ({
  id: p.id,
  username: or(p.username, null),
  first_name: or(p.first_name, null),
  last_name: or(p.last_name, null),
  phone: or(p.phone, null),
  is_bot: or(p.is_bot, false),
  is_verified: or(p.is_verified, false),
  is_premium: or(p.is_premium, false),
  is_deleted: or(p.is_deleted, false),
  is_contact: or(p.is_contact, false),
  status: or(p.status, null),
  role: p.role,
  joined_at: or(p.joined_at, null),
  inviter_id: or(p.inviter_id, null),
  rank: or(p.rank, null),
});
const RIGHTS = [
  'change_info',
  'post_messages',
  'delete_messages',
  'ban_users',
  'invite_users',
  'pin_messages',
  'add_admins',
];
const verboseInfo = (i) => ({
  id: i.id,
  title: i.title,
  username: or(i.username, null),
  type: i.type,
  participants_count: or(i.participants_count, null),
  about: or(i.about, null),
  created_at: or(i.created_at, null),
  my_role: i.my_role,
  my_rights: i.my_rights
    ? Object.fromEntries(RIGHTS.map((r) => [r, i.my_rights[r] === true]))
    : null,
  slowmode_seconds: or(i.slowmode_seconds, null),
});

const fake = await startFakeTelegram({ world: demoWorld() });
const dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-output-size-'));
createSessionStore({ dataDir }).save('main', {
  session: fake.sessionString,
  source: 'test',
  account: { id: String(fake.world.self.id) },
});
const { client } = await startStdioServer({
  script: path.join(here, '../dist/cli.js'),
  env: serverEnv({ dataDir, fakeDcPort: fake.port }),
  clientName: 'output-size-bench',
});
const call = async (name, args) => {
  const r = await client.callTool({ name, arguments: args });
  if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.content)}`);
  return r.structuredContent;
};

const rows = [];
const row = (subject, n, before, after) => rows.push({ subject, n, before, after });
const CHATS = [
  ['@oss_hackers', 'Open Source Hackers (supergroup)'],
  ['-3001', 'Family (basic group)'],
  ['@tech_news_daily', 'Tech News Daily (channel)'],
  ['@demo_announcements', 'Demo Announcements (channel)'],
  ['-1001500000002', 'Read-only Archive (supergroup)'],
  ['200001', 'private chat'],
];
let worst = 0;
for (const [group, label] of CHATS) {
  const page = await call('tg_get_messages', { group });
  const textBytes = (m) => BYTES(m.text ?? '');
  const after = page.messages.map((m) => BYTES(m) - textBytes(m));
  const before = page.messages.map((m) => BYTES(verboseMessage(m, page.group)) - textBytes(m));
  const avg = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
  worst = Math.max(worst, avg(after));
  row(
    `tg_get_messages ${label}, per message beyond its text`,
    after.length,
    avg(before),
    avg(after),
  );
}
const dialogs = (await call('tg_get_my_dialogs', {})).dialogs;
row(
  'tg_get_my_dialogs, per dialog',
  dialogs.length,
  dialogs.reduce((n, d) => n + BYTES(verboseDialog(d)), 0) / dialogs.length,
  dialogs.reduce((n, d) => n + BYTES(d), 0) / dialogs.length,
);
const members = (await call('tg_get_participants', { group: '@oss_hackers' })).participants;
row(
  'tg_get_participants @oss_hackers, per member',
  members.length,
  members.reduce((n, p) => n + BYTES(verboseParticipant(p)), 0) / members.length,
  members.reduce((n, p) => n + BYTES(p), 0) / members.length,
);
for (const group of ['@oss_hackers', '-3001', '@tech_news_daily']) {
  const info = await call('tg_get_group_info', { group });
  row(`tg_get_group_info ${group}`, 1, BYTES(verboseInfo(info)), BYTES(info));
}
const list = await client.listTools();
const listBytes = BYTES(list);
const outputBytes = list.tools.reduce((n, t) => n + BYTES(t.outputSchema ?? {}), 0);
await client.close();
await fake.close();
rmSync(dataDir, { recursive: true, force: true });

console.log(`tgmcp-read output size on the demo world, Node ${process.version}`);
console.log('baseline: the pre-issue-15 verbose shape of the same records, from this run');
const w = Math.max(...rows.map((r) => r.subject.length));
console.log(`${'subject'.padEnd(w)}  items  before B  after B  before/after`);
for (const r of rows)
  console.log(
    `${r.subject.padEnd(w)}  ${String(r.n).padStart(5)}  ${r.before.toFixed(0).padStart(8)}  ${r.after
      .toFixed(0)
      .padStart(7)}  ${(r.before / r.after).toFixed(2).padStart(11)}x`,
  );
console.log(
  `tools/list: ${listBytes} bytes (output schemas ${outputBytes}) for ${list.tools.length} tools; before: ${TOOLS_LIST_BEFORE} bytes (recorded at eb74965); ratio ${(TOOLS_LIST_BEFORE / listBytes).toFixed(2)}x`,
);
console.log(
  `targets: <= 150 B per message beyond its text (worst chat ${worst.toFixed(0)}): ${worst <= 150 ? 'met' : 'NOT met'}; tools/list <= 18000 B: ${listBytes <= 18_000 ? 'met' : 'NOT met'}`,
);
