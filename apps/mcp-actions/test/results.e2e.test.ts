// What every actions tool hands a client, over stdio against the demo world: the result's compact
// JSON as text beside structuredContent, no field holding the string "null" or "undefined", and
// portable schemas in tools/list (the read server's keyword allowlist for inputs).
import path from 'node:path';
import { schemaProblems } from '@tgmcp/mcp';
import { stringLeaves } from '@tgmcp/testkit/harness';
import { describe, expect, it } from 'vitest';
import { type Actions, sc, startActions } from './harness.js';

type Result = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
};

/** Previews, an executed write, a batch, and the shared read tools. */
async function callEveryTool(a: Actions): Promise<Array<[string, Result]>> {
  const out: Array<[string, Result]> = [];
  const call = async (name: string, args: Record<string, unknown> = {}) => {
    const r = (await a.client.callTool({ name, arguments: args })) as Result;
    if (r.isError) throw new Error(`${name} ${JSON.stringify(args)}: ${JSON.stringify(r.content)}`);
    out.push([`${name} ${JSON.stringify(args)}`, r]);
    return r;
  };
  await call('tg_list_sessions');
  await call('tg_auth_status');
  await call('tg_get_stats');
  await call('tg_get_group_info', { group: '@oss_hackers' });
  await call('tg_get_my_dialogs');
  await call('tg_resolve_username', { username: '@kira_lovelace' });
  await call('tg_get_actions_policy');
  const send = { group: '@oss_hackers', message_text: 'hello from the results test' };
  const preview = sc<{ request_id: string }>(await call('tg_send_message', send));
  expect((await a.operator(['approve', preview.request_id, '--yes'])).code).toBe(0);
  await call('tg_send_message', {
    ...send,
    dry_run: false,
    confirm: true,
    request_id: preview.request_id,
  });
  await call('tg_send_file', {
    group: '-3001',
    file_path: path.join(a.dataDir, 'outbox', 'report.csv'),
  });
  await call('tg_add_member_to_group', { group: '@oss_hackers', user: '@kira_lovelace' });
  await call('tg_remove_member_from_group', { group: '@oss_hackers', user: '@kira_lovelace' });
  await call('tg_migrate_member', {
    group: '@oss_hackers',
    old_user: '@kira_lovelace',
    new_user: '@nikolai_petrov',
  });
  const batch = sc<{ batch: { id: string } }>(
    await call('tg_create_add_member_batch', {
      user: '@kira_lovelace',
      groups: ['@oss_hackers', '-3001'],
    }),
  );
  await call('tg_get_batch_status', { batch_id: batch.batch.id });
  expect((await a.operator(['approve', batch.batch.id, '--yes'])).code).toBe(0);
  await call('tg_run_add_member_batch', { batch_id: batch.batch.id });
  return out;
}

describe('what the actions tools hand a client', { timeout: 90_000 }, () => {
  it('every result carries its JSON as text; no field is the string "null" or "undefined"', async () => {
    const a = await startActions({ env: { TG_ACTIONS_APPROVAL_MODE: 'operator' } });
    const found: string[] = [];
    for (const [call, r] of await callEveryTool(a)) {
      const texts = r.content.filter((c) => c.type === 'text').map((c) => c.text!);
      expect(texts.length, call).toBe(2);
      expect(texts[1], call).toBe(JSON.stringify(r.structuredContent));
      expect(JSON.parse(texts[1]!), call).toEqual(r.structuredContent);
      for (const [at, v] of stringLeaves(r.structuredContent))
        if (v === 'null' || v === 'undefined') found.push(`${call} ${at} = ${JSON.stringify(v)}`);
    }
    expect(found).toEqual([]);
  });

  it('tools/list: input schemas within the keyword allowlist, output schemas portable', async () => {
    const a = await startActions();
    const { tools } = await a.client.listTools();
    expect(tools.length).toBeGreaterThan(10);
    const found: string[] = [];
    for (const t of tools) {
      found.push(...schemaProblems(t.inputSchema, 'input').map((f) => `${t.name} input ${f}`));
      found.push(...schemaProblems(t.outputSchema, 'output').map((f) => `${t.name} output ${f}`));
    }
    expect(found).toEqual([]);
  });
});
