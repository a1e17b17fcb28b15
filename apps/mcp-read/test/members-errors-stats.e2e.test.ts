// Over stdio with the real MCP SDK client against the demo world: members' phone numbers only
// when asked and allowed (inline and in exports), Telegram errors as typed codes with what to do,
// and request latency in tg_get_stats.
import { readFileSync } from 'node:fs';
import { demoWorld, startFakeTelegram } from '@tgmcp/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { errorOf, startServer } from './harness.js';

type Result = { isError?: boolean; content?: unknown; structuredContent?: unknown };
/** Everything a client could read from a result, text blocks included. */
const everything = (r: Result) => JSON.stringify(r);
// The demo's people have numbers +15550000000..; the account's own is +10000000000.
const PHONE = /\+1555000\d{4}/;

const fakes: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  for (const f of fakes.splice(0)) await f.close().catch(() => undefined);
});

describe('members: phone numbers', { timeout: 60_000 }, () => {
  it('are left out by default, and include_phone without TG_READ_ALLOW_PHONES is refused', async () => {
    const s = await startServer({ env: { TG_READ_MAX_ITEMS: '20' } });
    for (const [name, args] of [
      ['tg_get_participants', { group: '@oss_hackers', limit: 20 }],
      ['tg_search_participants', { group: '@oss_hackers', query: 'a', limit: 20 }],
    ] as const) {
      const plain = (await s.client.callTool({ name, arguments: args })) as Result;
      expect(plain.isError).toBeFalsy();
      expect(everything(plain)).toMatch(/"id"/);
      expect(everything(plain)).not.toMatch(PHONE);
      const asked = await s.client.callTool({ name, arguments: { ...args, include_phone: true } });
      const e = errorOf(asked);
      expect(e).toMatchObject({ code: 'PHONES_NOT_ALLOWED', field: 'include_phone' });
      expect(e.message).toContain('TG_READ_ALLOW_PHONES=1');
    }
    // Above the inline maximum members go to a file: no phone numbers there either.
    const file = (await s.client.callTool({
      name: 'tg_get_participants',
      arguments: { group: '@oss_hackers', limit: 100, export_format: 'csv' },
    })) as Result;
    const csv = readFileSync((file.structuredContent as { export: { file: string } }).export.file);
    expect(csv.toString()).toMatch(/alice|ada|boris/i);
    expect(csv.toString()).not.toMatch(PHONE);
    expect(
      errorOf(
        await s.client.callTool({
          name: 'tg_get_participants',
          arguments: { group: '@oss_hackers', limit: 100, include_phone: true },
        }),
      ).code,
    ).toBe('PHONES_NOT_ALLOWED');
  });

  it('are returned with include_phone when the operator allows them, and only then', async () => {
    const s = await startServer({ env: { TG_READ_ALLOW_PHONES: '1', TG_READ_MAX_ITEMS: '20' } });
    const plain = (await s.client.callTool({
      name: 'tg_get_participants',
      arguments: { group: '@oss_hackers', limit: 20 },
    })) as Result;
    expect(everything(plain)).not.toMatch(PHONE);
    const asked = (await s.client.callTool({
      name: 'tg_get_participants',
      arguments: { group: '@oss_hackers', limit: 20, include_phone: true },
    })) as Result;
    expect(asked.isError).toBeFalsy();
    const members = (asked.structuredContent as { participants: Array<{ phone?: string | null }> })
      .participants;
    // Telegram shows the numbers of the account's contacts only.
    expect(members.filter((m) => m.phone && PHONE.test(m.phone)).length).toBeGreaterThan(0);
    const search = (await s.client.callTool({
      name: 'tg_search_participants',
      arguments: { group: '@oss_hackers', query: 'Boris', include_phone: true },
    })) as Result;
    expect(everything(search)).toMatch(PHONE);
    const file = (await s.client.callTool({
      name: 'tg_get_participants',
      arguments: { group: '@oss_hackers', limit: 100, export_format: 'csv', include_phone: true },
    })) as Result;
    const csv = readFileSync((file.structuredContent as { export: { file: string } }).export.file);
    expect(csv.toString()).toMatch(PHONE);
  });
});

describe('Telegram errors', { timeout: 60_000 }, () => {
  it('a non-admin listing a channel gets CHAT_ADMIN_REQUIRED with what to do', async () => {
    const s = await startServer();
    const r = await s.client.callTool({
      name: 'tg_get_participants',
      arguments: { group: '@tech_news_daily', limit: 10 },
    });
    const e = errorOf(r);
    expect(e.code).toBe('CHAT_ADMIN_REQUIRED');
    expect(e.message).toMatch(/^You must be an admin of this chat/);
    expect(e.message).not.toMatch(/caused by|^400/);
    expect(Object.keys(e).sort()).toEqual(['code', 'message']);
  });

  it('every tool maps Telegram errors through one table; unknown ones get TELEGRAM_ERROR', async () => {
    const fake = await startFakeTelegram({ world: demoWorld() });
    fakes.push(fake);
    const s = await startServer({ fake });
    for (const [method, error, tool, args] of [
      ['messages.GetHistory', 'CHANNEL_PRIVATE', 'tg_get_messages', { group: '@oss_hackers' }],
      ['channels.GetFullChannel', 'CHAT_FORBIDDEN', 'tg_get_group_info', { group: '@oss_hackers' }],
      [
        'channels.GetMessages',
        'FILE_REFERENCE_EXPIRED',
        'tg_download_media',
        { group: '@oss_hackers', message_id: 3 },
      ],
      ['users.GetFullUser', 'INPUT_USER_DEACTIVATED', 'tg_get_user_by_id', { user_id: '200002' }],
    ] as const) {
      fake.limits.add({ kind: 'script', method, nth: fake.requests.count(method) + 1, error });
      const e = errorOf(await s.client.callTool({ name: tool, arguments: args }));
      expect(e.code, `${tool} ${error}`).toBe(error);
      expect(e.message, error).toContain(`Telegram: ${error} on ${method}`);
      expect(e.message).not.toContain('caused by');
    }
    fake.limits.add({
      kind: 'script',
      method: 'messages.GetHistory',
      nth: fake.requests.count('messages.GetHistory') + 1,
      error: 'SOMETHING_NEW',
    });
    const unknown = errorOf(
      await s.client.callTool({ name: 'tg_get_messages', arguments: { group: '@oss_hackers' } }),
    );
    expect(unknown.code).toBe('TELEGRAM_ERROR');
    expect(unknown.message).toContain('SOMETHING_NEW on messages.GetHistory');
  });
});

describe('tg_get_stats latency', { timeout: 60_000 }, () => {
  it('reports count, p50, p95 and max per method for every request, and waits', async () => {
    const s = await startServer();
    for (let i = 0; i < 3; i++)
      await s.client.callTool({ name: 'tg_get_messages', arguments: { group: '@oss_hackers' } });
    await s.client.callTool({ name: 'tg_get_my_dialogs', arguments: {} });
    const stats = (await s.client.callTool({ name: 'tg_get_stats', arguments: {} })) as Result;
    expect(stats.isError).toBeFalsy();
    const sc = stats.structuredContent as {
      requests: { sent: number; by_method: Record<string, number> };
      latency: {
        by_method: Record<
          string,
          { count: number; p50_ms: number; p95_ms: number; max_ms: number; errors: number }
        >;
        throttle: { count: number; total_ms: number };
        flood_wait: { count: number; total_ms: number };
      };
    };
    const { by_method } = sc.latency;
    // Every request the chokepoint sent was timed, method by method.
    expect(Object.fromEntries(Object.entries(by_method).map(([m, l]) => [m, l.count]))).toEqual(
      sc.requests.by_method,
    );
    expect(by_method['messages.GetHistory']!.count).toBe(
      s.fake.requests.count('messages.GetHistory'),
    );
    for (const l of Object.values(by_method)) {
      expect(l.p50_ms).toBeGreaterThanOrEqual(0);
      expect(l.p95_ms).toBeGreaterThanOrEqual(l.p50_ms);
      expect(l.max_ms).toBeGreaterThanOrEqual(l.p95_ms);
    }
    expect(sc.latency.throttle.count).toBeGreaterThan(0);
    expect(sc.latency.flood_wait).toMatchObject({ count: 0, total_ms: 0 });
  });
});
