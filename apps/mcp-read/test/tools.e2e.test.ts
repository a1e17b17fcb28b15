// Every read tool over stdio, valid and invalid inputs; outputs validate (the SDK Client checks
// structuredContent against each outputSchema); stdout carries only the protocol; no write
// request reaches the fake DC whatever the inputs.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf, startServer } from './harness.js';

const TOOLS = [
  'tg_list_sessions',
  'tg_use_session',
  'tg_get_group_info',
  'tg_get_participants',
  'tg_search_participants',
  'tg_get_messages',
  'tg_get_message_count',
  'tg_get_group_creation_date',
  'tg_get_my_dialogs',
  'tg_resolve_username',
  'tg_get_user_by_id',
  'tg_download_media',
  'tg_get_stats',
  'tg_auth_status',
];

describe('tgmcp-read over stdio', { timeout: 30_000 }, () => {
  it('lists exactly the read tools, each read-only with schemas', async () => {
    const { client } = await startServer();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...TOOLS].sort());
    for (const t of tools) {
      expect(t.annotations).toMatchObject({
        readOnlyHint: true,
        openWorldHint: true,
        destructiveHint: false,
      });
      expect(t.outputSchema?.type).toBe('object');
      expect(t.description?.length).toBeGreaterThan(20);
    }
  });

  it('answers every tool with valid input, and nothing is written', async () => {
    const s = await startServer();
    const call = async (name: string, args: Record<string, unknown> = {}) => {
      const r = await s.client.callTool({ name, arguments: args });
      if (r.isError) throw new Error(`${name}: ${JSON.stringify(r.content)}`);
      expect((r.content as Array<{ type: string }>)[0]!.type).toBe('text');
      return r.structuredContent as Record<string, unknown>;
    };
    expect(await call('tg_list_sessions')).toEqual({ sessions: ['main'], current: 'main' });
    expect(await call('tg_auth_status')).toMatchObject({
      authorized: true,
      account: { username: 'demo_user' },
    });
    expect(await call('tg_get_group_info', { group: '@oss_hackers' })).toMatchObject({
      id: '-1001500000001',
      type: 'supergroup',
    });
    const members = await call('tg_get_participants', { group: '@oss_hackers', limit: 30 });
    expect(members).toMatchObject({ count: 30, truncated: true });
    const someone = (members.participants as Array<{ id: string; first_name: string }>)[5]!;
    const found = await call('tg_search_participants', {
      group: '@oss_hackers',
      query: someone.first_name,
    });
    expect((found.participants as Array<{ id: string }>).map((p) => p.id)).toContain(someone.id);
    const page = await call('tg_get_messages', { group: '@oss_hackers', limit: 5 });
    expect(page.count).toBe(5);
    const next = await call('tg_get_messages', {
      group: '@oss_hackers',
      limit: 5,
      offset_id: page.next_offset_id,
    });
    const ids = [
      ...(page.messages as Array<{ id: number }>),
      ...(next.messages as Array<{ id: number }>),
    ].map((m) => m.id);
    expect(new Set(ids).size).toBe(10);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const trimmed = await call('tg_get_messages', {
      group: '@oss_hackers',
      limit: 3,
      fields: ['text'],
      max_text_chars: 16,
    });
    for (const m of trimmed.messages as Array<Record<string, unknown>>) {
      expect(
        Object.keys(m)
          .filter((k) => k !== 'text_truncated')
          .sort(),
      ).toEqual(['id', 'text']);
      expect((m.text as string).length).toBeLessThanOrEqual(16);
    }
    expect(
      (await call('tg_get_message_count', { group: '@oss_hackers' })).message_count,
    ).toBeGreaterThan(0);
    expect(
      (await call('tg_get_group_creation_date', { group: '@oss_hackers' })).creation_date,
    ).toMatch(/^\d{4}-/);
    const dialogs = await call('tg_get_my_dialogs', { limit: 2, dialog_type: 'group' });
    expect(
      (dialogs.dialogs as Array<{ type: string }>).every(
        (d) => d.type === 'group' || d.type === 'supergroup',
      ),
    ).toBe(true);
    expect(await call('tg_resolve_username', { username: '@oss_hackers' })).toMatchObject({
      type: 'supergroup',
    });
    expect(await call('tg_get_user_by_id', { user_id: '200002' })).toMatchObject({
      id: '200002',
      first_name: 'Boris',
    });
    const withMedia = (
      await call('tg_get_messages', { group: '@oss_hackers', limit: 200, fields: ['has_media'] })
    ).messages as Array<{ id: number; has_media: boolean }>;
    const mediaId = withMedia.find((m) => m.has_media)!.id;
    const dl = await call('tg_download_media', {
      group: '@oss_hackers',
      message_id: mediaId,
      output_dir: 'shots',
    });
    expect(dl.path).toMatch(new RegExp(`^${path.join(s.dataDir, 'media', 'shots')}/`));
    expect(existsSync(dl.path as string)).toBe(true);
    const stats = await call('tg_get_stats');
    expect((stats.requests as { blocked: number }).blocked).toBe(0);
    expect(s.fake.requests.writes()).toEqual([]);
    expect(s.protocolErrors).toEqual([]);
  });

  it('bad input gets one error format naming the field, and the server stays up', async () => {
    const s = await startServer();
    const bad = async (name: string, args: Record<string, unknown>) => {
      const r = await s.client.callTool({ name, arguments: args });
      return errorOf(r);
    };
    expect(await bad('tg_get_group_info', { group: '@no_such_group_here' })).toMatchObject({
      code: 'PEER_NOT_FOUND',
      field: 'group',
    });
    expect(await bad('tg_get_group_info', { group: 'Open Source Hackers' })).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'group',
    });
    expect(await bad('tg_get_group_info', { group: '@demo_user' })).toMatchObject({
      code: 'NOT_A_GROUP',
    });
    expect(await bad('tg_use_session', { session_name: '../../etc/passwd' })).toMatchObject({
      code: 'SESSION_SWITCH_DISABLED',
    });
    expect(await bad('tg_get_user_by_id', { user_id: '1' })).toMatchObject({
      code: 'PEER_NOT_FOUND',
    });
    expect(
      await bad('tg_download_media', {
        group: '@oss_hackers',
        message_id: 1,
        output_dir: '../../x',
      }),
    ).toMatchObject({ field: 'output_dir' });
    expect(await bad('tg_get_my_dialogs', { cursor: 'garbage' })).toMatchObject({
      field: 'cursor',
    });
    // Schema violations are refused before the tool runs, in the same format, naming the field.
    for (const [name, args, field] of [
      ['tg_get_messages', { group: '@oss_hackers', limit: 10_000_000 }, 'limit'],
      ['tg_get_messages', { limit: 5 }, 'group'],
      ['tg_get_my_dialogs', { dialog_type: 'bogus' }, 'dialog_type'],
      ['tg_get_user_by_id', { user_id: 'abc' }, 'user_id'],
    ] as const) {
      expect(await bad(name, args)).toMatchObject({ code: 'INVALID_INPUT', field });
    }
    expect(
      (await s.client.callTool({ name: 'tg_auth_status', arguments: {} })).isError,
    ).toBeFalsy();
    expect(s.fake.requests.writes()).toEqual([]);
    expect(s.stderr()).not.toContain('feedfacefeedfacefeedfacefeedface');
  });

  it('TG_READ_ALLOWED_CHATS limits what can be read at all', async () => {
    const s = await startServer({ env: { TG_READ_ALLOWED_CHATS: '@oss_hackers' } });
    const ok = await s.client.callTool({
      name: 'tg_get_message_count',
      arguments: { group: '-1001500000001' },
    });
    expect(ok.isError).toBeFalsy();
    const no = errorOf(
      await s.client.callTool({ name: 'tg_get_messages', arguments: { group: '-3001' } }),
    );
    expect(no).toMatchObject({ code: 'CHAT_NOT_ALLOWED', field: 'group' });
    const dialogs = (
      await s.client.callTool({ name: 'tg_get_my_dialogs', arguments: { limit: 100 } })
    ).structuredContent as {
      dialogs: Array<{ id: string }>;
    };
    expect(dialogs.dialogs.map((d) => d.id)).toEqual(['-1001500000001']);
  });
});
