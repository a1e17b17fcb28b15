// The remaining write tools executed end to end, a batch from a report, and the gates that
// refuse before anything is asked of a person.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf, sc, startActions } from './harness.js';

type W = {
  status: string;
  request_id?: string;
  duplicate?: boolean;
  result?: Record<string, unknown>;
};
const OP = { TG_ACTIONS_APPROVAL_MODE: 'operator' };

describe('write tools end to end', { timeout: 60_000 }, () => {
  it('remove and migrate members, each once, compared by resolved id', async () => {
    const a = await startActions({ env: OP });
    const approveAndRun = async (name: string, args: Record<string, unknown>) => {
      const p = sc<W>(await a.client.callTool({ name, arguments: args }));
      expect((await a.operator(['approve', p.request_id!, '--yes'])).code).toBe(0);
      return sc<W>(
        await a.client.callTool({
          name,
          arguments: { ...args, dry_run: false, confirm: true, request_id: p.request_id },
        }),
      );
    };
    const add = await approveAndRun('tg_add_member_to_group', {
      group: '@oss_hackers',
      user: '@kira_lovelace',
    });
    expect(add.status).toBe('executed');
    const migrate = await approveAndRun('tg_migrate_member', {
      group: '@oss_hackers',
      old_user: '@kira_lovelace',
      new_user: '@nikolai_petrov',
    });
    expect(migrate.status).toBe('executed');
    const chat = a.fake.world.members(1_500_000_001);
    expect(chat.get(200014)?.role).toBe('member');
    expect(chat.get(200011)?.role).not.toBe('member');
    const remove = await approveAndRun('tg_remove_member_from_group', {
      group: '@oss_hackers',
      user: '@nikolai_petrov',
    });
    expect(remove.status).toBe('executed');
    expect(chat.get(200014)?.role).not.toBe('member');
    const again = sc<W>(
      await a.client.callTool({
        name: 'tg_remove_member_from_group',
        arguments: {
          group: '@oss_hackers',
          user: '@nikolai_petrov',
          dry_run: false,
          confirm: true,
          request_id: remove.request_id,
        },
      }),
    );
    expect(again).toMatchObject({ status: 'duplicate', duplicate: true });
  });

  it('a batch from a report inside the data dir; reports elsewhere are refused', async () => {
    const a = await startActions({ env: OP });
    const reports = path.join(a.dataDir, 'reports');
    mkdirSync(reports);
    writeFileSync(
      path.join(reports, 'run.json'),
      JSON.stringify({
        items: [
          {
            chat_id: -1001500000001,
            result: { success: false, error: 'Join quota exceeded for today' },
          },
          { chat_id: -3001, result: { success: true } },
        ],
      }),
    );
    const r = await a.client.callTool({
      name: 'tg_create_add_member_batch_from_report',
      arguments: { report_path: path.join(reports, 'run.json'), user: '@luca_ivanov' },
    });
    if (r.isError) throw new Error(JSON.stringify(r.content));
    expect(sc<{ batch: { batch: { total: number } } }>(r).batch.batch.total).toBe(1);
    for (const report_path of [
      '/etc/passwd',
      '../../../etc/passwd',
      path.join(a.dataDir, 'sessions', 'main.session'),
    ]) {
      const e = errorOf(
        await a.client.callTool({
          name: 'tg_create_add_member_batch_from_report',
          arguments: { report_path, user: '@luca_ivanov' },
        }),
      );
      expect(e.code).toMatch(/^REPORT_/);
      expect(e.message).not.toMatch(/root:|auth_key|session":/);
    }
  });

  it('gates refuse before anything is asked: confirm, content, allowlist for users', async () => {
    const a = await startActions({ env: OP });
    const noConfirm = await a.client.callTool({
      name: 'tg_send_message',
      arguments: {
        group: '@oss_hackers',
        message_text: 'hi',
        dry_run: false,
        request_id: 'apr_0000000000000000',
      },
    });
    expect(errorOf(noConfirm).code).toBe('CONFIRM_REQUIRED');
    expect(
      errorOf(
        await a.client.callTool({
          name: 'tg_send_message',
          arguments: { group: '@oss_hackers', message_text: '   ' },
        }),
      ).code,
    ).toBe('MESSAGE_EMPTY');
    // A DM to a user who is not explicitly allowlisted.
    expect(
      errorOf(
        await a.client.callTool({
          name: 'tg_send_message',
          arguments: { group: '200002', message_text: 'hi' },
        }),
      ).code,
    ).toBe('NOT_ALLOWLISTED');
    expect(a.fake.requests.writes()).toEqual([]);
  });
});
