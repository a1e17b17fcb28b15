// Security review item 11: every failure is one tool result format, input validation included.
// Fuzzes every tool of tgmcp-read over stdio with arguments its advertised schema rejects
// (wrong types, out-of-range and unknown values, missing fields, non-object or absent
// arguments): each must come back as `isError` with `{ error: { code: 'INVALID_INPUT', message,
// field } }` naming the first bad field, never as a JSON-RPC error or the SDK's plain text.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { type BadArgumentsCase, badArguments } from '@tgmcp/testkit';
import { describe, expect, it } from 'vitest';
import { startServer } from './harness.js';

/** Sends the case exactly as given (the SDK client's callTool would insist on an object). */
async function send(client: Client, c: BadArgumentsCase): Promise<string | undefined> {
  const params =
    c.arguments === undefined ? { name: c.tool } : { name: c.tool, arguments: c.arguments };
  let r;
  try {
    r = await client.request(
      { method: 'tools/call', params: params as never },
      CallToolResultSchema,
    );
  } catch (err) {
    return `JSON-RPC error ${(err as Error).message.slice(0, 120)}`;
  }
  if (!r.isError) return 'not an error';
  if (r.structuredContent !== undefined) return 'error with structuredContent';
  const text = (r.content[0] as { text?: string } | undefined)?.text ?? '';
  let body: { error?: { code?: unknown; message?: unknown; field?: unknown } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `not the error format: ${text.slice(0, 120)}`;
  }
  const e = body.error;
  if (e?.code !== 'INVALID_INPUT') return `code ${String(e?.code)}`;
  if (typeof e.message !== 'string' || !e.message) return 'no message';
  if (e.field !== c.field) return `field ${String(e.field)} instead of ${c.field}`;
  return undefined;
}

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
        const wrong = await send(s.client, c);
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
