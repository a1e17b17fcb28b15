// Security review item 11: every failure is one tool result format, input validation included.
// Fuzzes every tool of tgmcp-read over stdio with arguments its advertised schema rejects
// (wrong types, out-of-range and unknown values, missing fields, non-object or absent
// arguments): each must come back as `isError` with `{ error: { code: 'INVALID_INPUT', message,
// field } }` naming the first bad field, never as a JSON-RPC error or the SDK's plain text.
import { badArguments } from '@tgmcp/testkit';
import { sendBadArguments } from '@tgmcp/testkit/mcp-client';
import { describe, expect, it } from 'vitest';
import { startServer } from './harness.js';

describe(
  'tgmcp-read: bad input is always an INVALID_INPUT tool result',
  { timeout: 120_000 },
  () => {
    it('fuzzes every tool with arguments its schema rejects', async () => {
      const s = await startServer();
      const { tools } = await s.client.listTools();
      expect(tools.length).toBe(14);
      const cases = tools.flatMap((t) =>
        badArguments({ name: t.name, inputSchema: t.inputSchema }),
      );
      expect(cases.length).toBeGreaterThan(300);
      const failures: string[] = [];
      for (const c of cases) {
        const wrong = await sendBadArguments(s.client, c);
        if (wrong) failures.push(`${c.tool} ${c.why}: ${wrong}`);
      }
      expect(failures.slice(0, 20), `${failures.length} of ${cases.length} cases`).toEqual([]);
      // An unknown tool name gets the same format; the server is still up and nothing was written.
      const unknown = await s.client.callTool({ name: 'tg_no_such_tool', arguments: {} });
      expect(unknown.isError).toBe(true);
      expect(JSON.parse((unknown.content as Array<{ text: string }>)[0]!.text)).toMatchObject({
        error: { code: 'UNKNOWN_TOOL' },
      });
      const ok = await s.client.callTool({ name: 'tg_auth_status', arguments: {} });
      expect(ok.isError).toBeFalsy();
      expect(s.fake.requests.writes()).toEqual([]);
      expect(s.protocolErrors).toEqual([]);
    });

    it('valid calls still get their defaults and a message names the nested path', async () => {
      const s = await startServer();
      const page = await s.client.callTool({
        name: 'tg_get_messages',
        arguments: { group: '@oss_hackers', limit: 3 },
      });
      expect(page.isError).toBeFalsy();
      expect((page.structuredContent as { count: number }).count).toBe(3);
      const bad = await s.client.callTool({
        name: 'tg_get_messages',
        arguments: { group: '@oss_hackers', fields: ['id', 'bogus'] },
      });
      const e = JSON.parse((bad.content as Array<{ text: string }>)[0]!.text) as {
        error: { code: string; field: string; message: string };
      };
      expect(e.error).toMatchObject({ code: 'INVALID_INPUT', field: 'fields' });
      expect(e.error.message).toContain('fields[1]');
    });
  },
);
