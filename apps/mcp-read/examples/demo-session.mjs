// An MCP client session against `tgmcp-read --demo`: starts the server over stdio with the MCP
// SDK Client, calls every read tool on the built-in demo account, prints what each returns.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const width = Math.min(process.stdout.columns || 100, 120);
const show = (value) => {
  const text = JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ');
  return text.length > width * 3 ? `${text.slice(0, width * 3)} ...` : text;
};

const transport = new StdioClientTransport({
  command: process.execPath,
  args: [cli, '--demo'],
  stderr: 'ignore',
});
const client = new Client({ name: 'tgmcp-demo', version: '1.0.0' });
const started = Date.now();
await client.connect(transport);
const { tools } = await client.listTools();
console.log(
  `Connected to ${path.basename(cli)} --demo in ${Date.now() - started} ms: ${tools.length} tools, all readOnlyHint=${tools.every((t) => t.annotations?.readOnlyHint)}\n`,
);

const calls = [
  ['tg_auth_status', {}],
  ['tg_list_sessions', {}],
  ['tg_get_my_dialogs', { limit: 5 }],
  ['tg_get_group_info', { group: '@oss_hackers' }],
  ['tg_get_message_count', { group: '@oss_hackers' }],
  ['tg_get_group_creation_date', { group: '@oss_hackers' }],
  ['tg_get_messages', { group: '@oss_hackers', limit: 3, fields: ['date', 'from_name', 'text'] }],
  ['tg_get_participants', { group: '@oss_hackers', limit: 3 }],
  ['tg_search_participants', { group: '@oss_hackers', query: 'Maya', limit: 3 }],
  ['tg_resolve_username', { username: '@tech_news_daily' }],
  ['tg_get_user_by_id', { user_id: 200002 }],
  ['tg_download_media', { group: '@oss_hackers', message_id: 0 }],
  ['tg_use_session', { session_name: 'other' }],
  ['tg_get_messages', { group: 'https://t.me/no_such_chat_here' }],
  ['tg_get_stats', {}],
];
// A message with media, for tg_download_media.
const media = await client.callTool({
  name: 'tg_get_messages',
  arguments: { group: '@oss_hackers', limit: 200, fields: ['has_media'] },
});
calls[11][1].message_id = media.structuredContent.messages.find((m) => m.has_media)?.id ?? 1;

for (const [name, args] of calls) {
  const r = await client
    .callTool({ name, arguments: args })
    .catch((e) => ({ isError: true, content: [{ text: e.message }] }));
  console.log(`> ${name} ${JSON.stringify(args)}`);
  console.log(`  ${r.isError ? 'ERROR ' : ''}${r.content[0].text}`);
  if (!r.isError) console.log(`  ${show(r.structuredContent)}`);
  console.log();
}
await client.close();
