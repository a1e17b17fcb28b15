// What every read tool hands a client, over stdio against the demo world: the result's compact
// JSON as text beside structuredContent (clients that forward only `content` to the model),
// errors as JSON too, no field holding the string "null" or "undefined", lean records within
// their byte budget, portable schemas in tools/list, and limit 0 refused.
import { createSessionStore } from '@tgmcp/telegram';
import { stringLeaves } from '@tgmcp/testkit/harness';
import { describe, expect, it } from 'vitest';
import { schemaProblems } from '@tgmcp/mcp';
import { type Started, errorOf, startServer } from './harness.js';

type Result = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
};

/** One successful call of every read tool (tg_use_session last: it switches the account). */
async function callEveryTool(s: Started): Promise<Array<[string, Result]>> {
  const calls: Array<[string, Record<string, unknown>]> = [
    ['tg_list_sessions', {}],
    ['tg_auth_status', {}],
    ['tg_get_group_info', { group: '@oss_hackers' }],
    ['tg_get_group_info', { group: '-3001' }],
    ['tg_get_group_info', { group: '@tech_news_daily' }],
    ['tg_get_participants', { group: '@oss_hackers', limit: 30 }],
    ['tg_get_participants', { group: '-3001' }],
    ['tg_search_participants', { group: '@oss_hackers', query: 'a' }],
    ['tg_get_messages', { group: '@oss_hackers', limit: 100 }],
    ['tg_get_messages', { group: '@oss_hackers', limit: 5, fields: ['text', 'grouped_id'] }],
    ['tg_get_messages', { group: '-3001', include_service: true, reverse: true, limit: 3 }],
    ['tg_get_messages', { group: '@demo_announcements', include_service: true }],
    ['tg_get_messages', { group: '@tech_news_daily', limit: 20 }],
    ['tg_get_messages', { group: '200001', limit: 5 }],
    ['tg_get_message_count', { group: '@oss_hackers' }],
    ['tg_get_group_creation_date', { group: '@oss_hackers' }],
    ['tg_get_my_dialogs', {}],
    ['tg_get_my_dialogs', { limit: 2 }],
    ['tg_resolve_username', { username: '@oss_hackers' }],
    ['tg_resolve_username', { username: '@kira_lovelace' }],
    ['tg_get_user_by_id', { user_id: '200002' }],
    ['tg_get_user_by_id', { user_id: '200001' }],
    ['tg_download_media', { group: '@oss_hackers', message_id: 3 }],
    ['tg_get_stats', {}],
    ['tg_use_session', { session_name: 'alt' }],
  ];
  const out: Array<[string, Result]> = [];
  for (const [name, args] of calls) {
    const r = (await s.client.callTool({ name, arguments: args })) as Result;
    if (r.isError) throw new Error(`${name} ${JSON.stringify(args)}: ${JSON.stringify(r.content)}`);
    out.push([`${name} ${JSON.stringify(args)}`, r]);
  }
  return out;
}

async function startWithTwoSessions(): Promise<Started> {
  const s = await startServer({ env: { TG_ALLOW_SESSION_SWITCH: '1' } });
  createSessionStore({ dataDir: s.dataDir }).save('alt', {
    session: s.fake.sessionString,
    source: 'test',
    account: { id: String(s.fake.world.self.id) },
  });
  return s;
}

describe('what the read tools hand a client', { timeout: 60_000 }, () => {
  it('every result carries its structuredContent as compact JSON text; errors carry JSON', async () => {
    const s = await startWithTwoSessions();
    for (const [call, r] of await callEveryTool(s)) {
      const texts = r.content.filter((c) => c.type === 'text').map((c) => c.text!);
      expect(texts.length, call).toBe(2);
      expect(texts[0]!.length, `${call}: a one-line summary first`).toBeLessThan(400);
      expect(texts[0], call).not.toContain('\n');
      expect(texts[1], call).toBe(JSON.stringify(r.structuredContent));
      expect(JSON.parse(texts[1]!), call).toEqual(r.structuredContent);
    }
    const bad = (await s.client.callTool({
      name: 'tg_get_messages',
      arguments: { group: '@no_such_group_here' },
    })) as Result;
    expect(bad.structuredContent).toBeUndefined();
    expect(bad.content).toHaveLength(1);
    expect(JSON.parse(bad.content[0]!.text!)).toEqual({ error: errorOf(bad) });
    expect(errorOf(bad)).toMatchObject({ code: 'PEER_NOT_FOUND', field: 'group' });
  });

  it('no field of any tool holds the string "null" or "undefined"', async () => {
    const s = await startWithTwoSessions();
    const found: string[] = [];
    for (const [call, r] of await callEveryTool(s))
      for (const [at, v] of stringLeaves(r.structuredContent))
        if (v === 'null' || v === 'undefined') found.push(`${call} ${at} = ${JSON.stringify(v)}`);
    expect(found).toEqual([]);
  });
});

describe('lean, portable output', { timeout: 60_000 }, () => {
  it('messages stay within 150 bytes of JSON beyond their text on every demo chat', async () => {
    const s = await startServer();
    for (const group of [
      '@oss_hackers',
      '-3001',
      '@tech_news_daily',
      '@demo_announcements',
      '-1001500000002',
      '200001',
    ]) {
      const r = (await s.client.callTool({
        name: 'tg_get_messages',
        arguments: { group },
      })) as Result;
      const messages = r.structuredContent!.messages as Array<Record<string, unknown>>;
      expect(messages.length, group).toBeGreaterThan(0);
      const beyond = messages.map(
        (m) =>
          Buffer.byteLength(JSON.stringify(m)) - Buffer.byteLength(JSON.stringify(m.text ?? '')),
      );
      const average = beyond.reduce((a, b) => a + b, 0) / beyond.length;
      expect(average, group).toBeLessThanOrEqual(150);
      for (const m of messages) {
        // The envelope names the chat; derived fields only on request; absent means null/false.
        expect(Object.keys(m), group).not.toContain('chat_id');
        expect(Object.keys(m), group).not.toContain('date_unix');
        for (const v of Object.values(m)) expect([null, false, '', 0]).not.toContain(v);
      }
    }
    // `fields` still picks any field, the derived ones included.
    const picked = (await s.client.callTool({
      name: 'tg_get_messages',
      arguments: { group: '@oss_hackers', limit: 3, fields: ['chat_id', 'date_unix', 'from_type'] },
    })) as Result;
    for (const m of picked.structuredContent!.messages as Array<Record<string, unknown>>) {
      expect(typeof m.date_unix).toBe('number');
      expect(m.chat_id).toBe('-1001500000001');
      expect(['user', 'channel', 'chat']).toContain(m.from_type);
    }
    // Dialogs, members and chat info are lean too.
    const dialogs = (await s.client.callTool({
      name: 'tg_get_my_dialogs',
      arguments: {},
    })) as Result;
    const members = (await s.client.callTool({
      name: 'tg_get_participants',
      arguments: { group: '@oss_hackers' },
    })) as Result;
    const info = (await s.client.callTool({
      name: 'tg_get_group_info',
      arguments: { group: '-3001' },
    })) as Result;
    for (const record of [
      ...(dialogs.structuredContent!.dialogs as object[]),
      ...(members.structuredContent!.participants as object[]),
      info.structuredContent!,
    ])
      for (const v of Object.values(record)) expect([null, false, '', 0]).not.toContain(v);
    expect(dialogs.structuredContent).not.toHaveProperty('next_cursor');
  });

  it('tools/list is at most 18 KB, with portable input and output schemas', async () => {
    const s = await startServer();
    const list = await s.client.listTools();
    expect(Buffer.byteLength(JSON.stringify(list))).toBeLessThanOrEqual(18_000);
    const found: string[] = [];
    for (const t of list.tools) {
      expect(t.outputSchema, t.name).toBeDefined();
      found.push(...schemaProblems(t.inputSchema, 'input').map((f) => `${t.name} input ${f}`));
      found.push(...schemaProblems(t.outputSchema, 'output').map((f) => `${t.name} output ${f}`));
    }
    expect(found).toEqual([]);
  });

  it('limit 0 is refused as INVALID_INPUT by every tool with a limit', async () => {
    const s = await startServer();
    const { tools } = await s.client.listTools();
    const withLimit = tools.filter((t) => 'limit' in (t.inputSchema.properties ?? {}));
    expect(withLimit.map((t) => t.name).sort()).toEqual([
      'tg_get_messages',
      'tg_get_my_dialogs',
      'tg_get_participants',
      'tg_search_participants',
    ]);
    const args = { group: '@oss_hackers', query: 'a' };
    for (const t of withLimit) {
      expect(
        (t.inputSchema.properties as Record<string, { minimum?: number }>).limit!.minimum,
      ).toBe(1);
      const e = errorOf(
        await s.client.callTool({ name: t.name, arguments: { ...args, limit: 0 } }),
      );
      expect(e, t.name).toMatchObject({ code: 'INVALID_INPUT', field: 'limit' });
      const one = (await s.client.callTool({
        name: t.name,
        arguments: { ...args, limit: 1 },
      })) as Result;
      expect(one.isError, t.name).toBeFalsy();
      expect(one.structuredContent!.count, t.name).toBe(1);
    }
    expect(s.fake.requests.writes()).toEqual([]);
  });
});
