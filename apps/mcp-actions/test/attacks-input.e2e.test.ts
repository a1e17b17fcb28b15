// Security review item 11 for the actions server: its write and batch tools are registered
// through the read server's defineTool, so they share one validation path. Every tool gets
// arguments its advertised schema rejects; each answer is an `isError` result with
// `{ error: { code: 'INVALID_INPUT', message, field } }` naming the first bad field, and no write
// reaches Telegram.
import { badArguments } from '@tgmcp/testkit';
import { sendBadArguments } from '@tgmcp/testkit/mcp-client';
import { describe, expect, it } from 'vitest';
import { startActions } from './harness.js';

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
        const wrong = await sendBadArguments(a.client, c);
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
