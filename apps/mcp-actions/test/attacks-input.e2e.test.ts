// Security review item 11 for the actions server: its write and batch tools are registered
// through the read server's defineTool, so they share one validation path. Every tool gets
// arguments its advertised schema rejects; each answer is an `isError` result with
// `{ error: { code: 'INVALID_INPUT', message, field } }` naming the first bad field, and no write
// reaches Telegram.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import { type BadArgumentsCase, badArguments } from '@tgmcp/testkit';
import { describe, expect, it } from 'vitest';
import { startActions } from './harness.js';

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
  'tgmcp-actions: bad input is always an INVALID_INPUT tool result',
  { timeout: 120_000 },
  () => {
    it('fuzzes every tool, write tools included, with arguments its schema rejects', async () => {
      const a = await startActions({ env: { TG_ACTIONS_APPROVAL_MODE: 'operator' } });
      const { tools } = await a.client.listTools();
      const names = tools.map((t) => t.name);
      expect(names).toEqual(
        expect.arrayContaining([
          'tg_send_message',
          'tg_send_file',
          'tg_add_member_to_group',
          'tg_remove_member_from_group',
          'tg_migrate_member',
          'tg_create_add_member_batch',
          'tg_run_add_member_batch',
        ]),
      );
      const cases = tools.flatMap((t) =>
        badArguments({ name: t.name, inputSchema: t.inputSchema }),
      );
      expect(cases.length).toBeGreaterThan(300);
      const failures: string[] = [];
      for (const c of cases) {
        const wrong = await send(a.client, c);
        if (wrong) failures.push(`${c.tool} ${c.why}: ${wrong}`);
      }
      expect(failures.slice(0, 20), `${failures.length} of ${cases.length} cases`).toEqual([]);
      // Executing with a bad field is refused the same way, before any policy gate or request.
      const r = await a.client.callTool({
        name: 'tg_send_message',
        arguments: { group: '@oss_hackers', message_text: 'x', dry_run: 'false', confirm: true },
      });
      expect(JSON.parse((r.content as Array<{ text: string }>)[0]!.text)).toMatchObject({
        error: { code: 'INVALID_INPUT', field: 'dry_run' },
      });
      expect(a.fake.requests.writes()).toEqual([]);
    });
  },
);
