// Security review item 13: with a read scope (TG_READ_ALLOWED_CHATS) nothing about a chat
// outside it comes back from any tool: not its id, title or username, not in results, errors,
// dialog cursors or limiter stats. Every read tool is called over stdio with every way of naming
// two out-of-scope chats (a public channel and a basic group), and every answer is scanned. An
// out-of-scope chat gets exactly the error of a chat that does not exist.
import path from 'node:path';
import { createFloodMemory, fileStore } from '@tgmcp/ratelimit';
import { describe, expect, it } from 'vitest';
import { startServer } from './harness.js';

const SCOPE = { TG_READ_ALLOWED_CHATS: '@oss_hackers' };
// Tech News Daily (@tech_news_daily, -1001600000001) and Family (-3001) are outside the scope.
const CHANNEL_REFS = [
  '@tech_news_daily',
  'tech_news_daily',
  'https://t.me/tech_news_daily',
  '-1001600000001',
  -1001600000001,
  '1600000001',
  'https://t.me/c/1600000001/5',
];
const GROUP_REFS = ['-3001', -3001];
const LEAKS: Array<[string, RegExp]> = [
  ['channel id', /1600000001/],
  ['channel title', /tech news daily/i],
  ['channel username', /tech_news_daily/i],
  ['group id', /-3001(?!\d)|"3001"/],
  ['group title', /\bFamily\b/],
];

type Result = { isError?: boolean; content?: unknown; structuredContent?: unknown };

/** The result as text, with every dialog cursor decoded (they are base64 of a JSON offset). */
function visible(r: Result): string {
  const text = JSON.stringify(r);
  const cursor = (r.structuredContent as { next_cursor?: string | null } | undefined)?.next_cursor;
  return cursor ? `${text} ${Buffer.from(cursor, 'base64url').toString('utf8')}` : text;
}

describe(
  'TG_READ_ALLOWED_CHATS: nothing about out-of-scope chats leaks',
  { timeout: 120_000 },
  () => {
    it('every read tool, every way to name an out-of-scope chat', async () => {
      const s = await startServer({ env: SCOPE });
      // A slowmode wait another process recorded for an out-of-scope chat, in the shared store.
      const flood = createFloodMemory({
        store: fileStore({ dir: path.join(s.dataDir, 'state', 'ratelimit') }),
        key: String(s.fake.world.self.id),
      });
      const slowmode = {
        kind: 'slowmode_wait' as const,
        retryAfterSec: 600,
        scope: 'chat' as const,
      };
      await flood.record(slowmode, { chat: 'channel:1600000001' });
      await flood.record(slowmode, { chat: 'chat:3001' });
      await flood.record(
        { kind: 'flood_wait', retryAfterSec: 600, scope: 'method' },
        { method: 'messages.SearchGlobal' },
      );

      const calls: Array<[string, Record<string, unknown>]> = [];
      for (const group of [...CHANNEL_REFS, ...GROUP_REFS]) {
        calls.push(
          ['tg_get_group_info', { group }],
          ['tg_get_participants', { group, limit: 5 }],
          ['tg_get_participants', { group, limit: 1000 }],
          ['tg_search_participants', { group, query: 'a' }],
          ['tg_get_messages', { group, limit: 5 }],
          ['tg_get_messages', { group, limit: 1000 }],
          ['tg_get_message_count', { group }],
          ['tg_get_group_creation_date', { group }],
          ['tg_download_media', { group, message_id: 1 }],
        );
        if (typeof group === 'string') calls.push(['tg_resolve_username', { username: group }]);
      }
      for (const user_id of ['1600000001', 3001]) calls.push(['tg_get_user_by_id', { user_id }]);
      for (const dialog_type of ['all', 'group', 'channel', 'supergroup', 'user'])
        for (const limit of [1, 2, 3, 5, 100])
          calls.push(['tg_get_my_dialogs', { limit, dialog_type }]);
      calls.push(['tg_get_stats', {}], ['tg_auth_status', {}], ['tg_list_sessions', {}]);

      const leaks: string[] = [];
      const check = (name: string, args: unknown, r: Result) => {
        const text = visible(r);
        for (const [what, re] of LEAKS)
          if (re.test(text))
            leaks.push(`${name} ${JSON.stringify(args)} shows the ${what}: ${text.slice(0, 300)}`);
      };
      for (const [name, args] of calls) {
        const r = (await s.client.callTool({ name, arguments: args })) as Result;
        check(name, args, r);
        // Follow dialog cursors to the end of the list.
        let cursor = (r.structuredContent as { next_cursor?: string | null } | undefined)
          ?.next_cursor;
        while (name === 'tg_get_my_dialogs' && cursor) {
          const more = { ...args, cursor };
          const next = (await s.client.callTool({ name, arguments: more })) as Result;
          check(name, more, next);
          cursor = (next.structuredContent as { next_cursor?: string | null }).next_cursor;
        }
      }
      expect(leaks.slice(0, 10), `${leaks.length} leak(s) in ${calls.length} calls`).toEqual([]);

      // The in-scope chat still answers, and the scope is visible in stats for what it covers.
      const ok = await s.client.callTool({
        name: 'tg_get_group_info',
        arguments: { group: '@oss_hackers' },
      });
      expect(ok.isError).toBeFalsy();
      const stats = (await s.client.callTool({ name: 'tg_get_stats', arguments: {} })) as Result;
      expect(JSON.stringify(stats.structuredContent)).toContain('messages.SearchGlobal');
      expect(s.fake.requests.writes()).toEqual([]);
    });

    it('an out-of-scope chat gets the same error as one that does not exist', async () => {
      const s = await startServer({ env: SCOPE });
      const error = async (name: string, args: Record<string, unknown>) => {
        const r = (await s.client.callTool({ name, arguments: args })) as Result;
        expect(r.isError).toBe(true);
        return JSON.parse((r.content as Array<{ text: string }>)[0]!.text) as unknown;
      };
      for (const [outside, missing] of [
        ['@tech_news_daily', '@no_such_chat_here'],
        ['-1001600000001', '-1009999999999'],
        ['-3001', '-9999'],
      ]) {
        for (const name of ['tg_get_group_info', 'tg_get_messages', 'tg_get_message_count'])
          expect(await error(name, { group: outside })).toEqual(
            await error(name, { group: missing }),
          );
        expect(await error('tg_resolve_username', { username: outside })).toEqual(
          await error('tg_resolve_username', { username: missing }),
        );
      }
      expect(await error('tg_get_group_info', { group: '@tech_news_daily' })).toMatchObject({
        error: { code: 'CHAT_NOT_ALLOWED', field: 'group' },
      });
    });
  },
);
