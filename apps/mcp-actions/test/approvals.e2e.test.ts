// The approval flow over stdio: operator mode (preview -> a person runs `approve` -> execute
// exactly once), elicitation mode (the client asks its user), and refusals with nothing sent.
import { describe, expect, it } from 'vitest';
import { errorOf, sc, startActions } from './harness.js';

type W = {
  status: string;
  request_id?: string;
  result?: Record<string, unknown>;
  target?: { id: string };
};
const sent = (fake: { requests: { count(m: string): number } }) =>
  fake.requests.count('messages.SendMessage');

describe('tgmcp-actions approvals', { timeout: 60_000 }, () => {
  it('operator mode: the preview gives a request id; nothing is sent until a person approves; then exactly once', async () => {
    const a = await startActions({ env: { TG_ACTIONS_APPROVAL_MODE: 'operator' } });
    const { tools } = await a.client.listTools();
    const send = tools.find((t) => t.name === 'tg_send_message')!;
    expect(send.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false });
    expect(send.description).toContain('tgmcp-actions approve');
    const args = { group: '@oss_hackers', message_text: 'Release 1.2 is out' };
    const preview = sc<W>(await a.client.callTool({ name: 'tg_send_message', arguments: args }));
    expect(preview.status).toBe('preview');
    const id = preview.request_id!;
    expect(id).toMatch(/^apr_/);
    // Executing before approval: still nothing sent.
    const early = await a.client.callTool({
      name: 'tg_send_message',
      arguments: { ...args, dry_run: false, confirm: true, request_id: id },
    });
    expect(errorOf(early).code).toBe('APPROVAL_NOT_APPROVED');
    expect(sent(a.fake)).toBe(0);
    const pending = await a.operator(['pending']);
    expect(pending.stdout).toContain(id);
    expect(pending.stdout).toContain('Release 1.2 is out');
    expect((await a.operator(['approve', id, '--yes'])).code).toBe(0);
    const done = sc<W>(
      await a.client.callTool({
        name: 'tg_send_message',
        arguments: { ...args, dry_run: false, confirm: true, request_id: id },
      }),
    );
    expect(done.status).toBe('executed');
    expect(sent(a.fake)).toBe(1);
    const again = sc<W>(
      await a.client.callTool({
        name: 'tg_send_message',
        arguments: { ...args, dry_run: false, confirm: true, request_id: id },
      }),
    );
    expect(again.status).toBe('duplicate');
    expect(sent(a.fake)).toBe(1);
    // The approval was for this text: another text with the same request id is refused.
    const other = await a.client.callTool({
      name: 'tg_send_message',
      arguments: {
        ...args,
        message_text: 'Something else',
        dry_run: false,
        confirm: true,
        request_id: id,
      },
    });
    expect(errorOf(other).code).toMatch(/^APPROVAL_/);
    expect(sent(a.fake)).toBe(1);
    const audit = await a.operator(['audit']);
    for (const e of ['preview', 'approved', 'executed'])
      expect(audit.stdout).toContain(`"event":"${e}"`);
  });

  it('elicit mode: the person sees the exact preview in the client; declining sends nothing', async () => {
    const seen: string[] = [];
    let answer = false;
    const a = await startActions({
      env: { TG_ACTIONS_APPROVAL_MODE: 'elicit' },
      elicit: (m) => {
        seen.push(m);
        return answer;
      },
    });
    const args = { group: '-3001', message_text: 'Dinner at 8?', dry_run: false, confirm: true };
    expect(
      errorOf(await a.client.callTool({ name: 'tg_send_message', arguments: args })).code,
    ).toBe('APPROVAL_DECLINED');
    expect(sent(a.fake)).toBe(0);
    expect(seen[0]).toContain('Dinner at 8?');
    expect(seen[0]).toContain('-3001');
    answer = true;
    const r = sc<W>(await a.client.callTool({ name: 'tg_send_message', arguments: args }));
    expect(r.status).toBe('executed');
    expect(sent(a.fake)).toBe(1);
  });

  it('refuses writes outside the allowlist, when disabled, and with weakened flags; nothing reaches the DC', async () => {
    const a = await startActions({ env: { TG_ACTIONS_APPROVAL_MODE: 'operator' } });
    const r = await a.client.callTool({
      name: 'tg_send_message',
      arguments: { group: '@tech_news_daily', message_text: 'hi' },
    });
    expect(errorOf(r).code).toBe('NOT_ALLOWLISTED');
    const off = await startActions({ env: { TG_ACTIONS_ENABLED: '0' } });
    expect(
      errorOf(
        await off.client.callTool({
          name: 'tg_send_message',
          arguments: { group: '@oss_hackers', message_text: 'hi' },
        }),
      ).code,
    ).toBe('ACTIONS_DISABLED');
    const weak = await startActions({
      env: {
        TG_ACTIONS_IDEMPOTENCY_ENABLED: '0',
        TG_ACTIONS_UNSAFE_OVERRIDE: '0',
        TG_ACTIONS_APPROVAL_MIN_AGE_SEC: '30',
      },
    });
    const w = errorOf(
      await weak.client.callTool({
        name: 'tg_send_message',
        arguments: { group: '@oss_hackers', message_text: 'hi' },
      }),
    );
    expect(w.code).toBe('ACTIONS_UNSAFE_POLICY');
    expect(w.message).toContain('TG_ACTIONS_IDEMPOTENCY_ENABLED');
    const policy = sc<{ policy: Record<string, unknown> }>(
      await weak.client.callTool({ name: 'tg_get_actions_policy', arguments: {} }),
    );
    expect(JSON.stringify(policy)).not.toMatch(/отправляй/);
    for (const x of [a, off, weak]) expect(x.fake.requests.writes()).toEqual([]);
  });

  it("a seed-mode code cannot be used before the minimum age (a person's approval never waits: first-run.e2e)", async () => {
    const a = await startActions({
      env: {
        TG_ACTIONS_APPROVAL_MODE: 'seed',
        TG_ACTIONS_CONFIRMATION_PHRASE: 'ship-it-now',
        TG_ACTIONS_APPROVAL_MIN_AGE_SEC: '30',
        TG_ACTIONS_UNSAFE_OVERRIDE: '0',
      },
    });
    const args = { group: '@oss_hackers', message_text: 'too soon' };
    const p = sc<W>(await a.client.callTool({ name: 'tg_send_message', arguments: args }));
    await new Promise((r) => setTimeout(r, 200));
    const code = new RegExp(`approval code (\\S+) approves: [^\\n]*request ${p.request_id}`).exec(
      a.stderr(),
    )![1]!;
    const e = errorOf(
      await a.client.callTool({
        name: 'tg_send_message',
        arguments: {
          ...args,
          dry_run: false,
          confirm: true,
          approval_code: code,
          confirmation_text: 'ship-it-now',
        },
      }),
    );
    expect(e.code).toBe('APPROVAL_TOO_FRESH');
    expect(e.retry_after).toBeGreaterThan(20);
    expect(sent(a.fake)).toBe(0);
  });

  it('member tools and files go through the same approval', async () => {
    const a = await startActions({ env: { TG_ACTIONS_APPROVAL_MODE: 'operator' } });
    const add = { group: '@oss_hackers', user: '200002' };
    const p = sc<W>(await a.client.callTool({ name: 'tg_add_member_to_group', arguments: add }));
    await a.operator(['approve', p.request_id!, '--yes']);
    const r = sc<W>(
      await a.client.callTool({
        name: 'tg_add_member_to_group',
        arguments: { ...add, dry_run: false, confirm: true, request_id: p.request_id },
      }),
    );
    expect(r.status).toBe('executed');
    const f = { group: '@oss_hackers', file_path: 'report.csv' };
    const fp = sc<W>(await a.client.callTool({ name: 'tg_send_file', arguments: f }));
    await a.operator(['approve', fp.request_id!, '--yes']);
    expect(
      sc<W>(
        await a.client.callTool({
          name: 'tg_send_file',
          arguments: { ...f, dry_run: false, confirm: true, request_id: fp.request_id },
        }),
      ).status,
    ).toBe('executed');
    expect(
      errorOf(
        await a.client.callTool({
          name: 'tg_send_file',
          arguments: { ...f, file_path: '../sessions/main.session' },
        }),
      ).field,
    ).toBe('file_path');
    expect(
      errorOf(
        await a.client.callTool({
          name: 'tg_migrate_member',
          arguments: { group: '@oss_hackers', old_user: '@boris_ivanov', new_user: '200002' },
        }),
      ).code,
    ).toBe('SAME_USER');
    expect(a.fake.requests.count('messages.SendMedia')).toBe(1);
  });
});

describe('first contact and batch approval by elicitation', { timeout: 60_000 }, () => {
  it('a DM to someone never written to is charged to first_contact', async () => {
    const a = await startActions({
      env: {
        TG_ACTIONS_APPROVAL_MODE: 'elicit',
        TG_ACTIONS_ALLOWED_GROUPS: '@oss_hackers,200002,@kira_lovelace,@luca_ivanov',
        MAX_FIRST_CONTACT_PER_DAY: '1',
      },
      elicit: () => true,
    });
    const dm = (user: string, text: string) =>
      a.client.callTool({
        name: 'tg_send_message',
        arguments: { group: user, message_text: text, dry_run: false, confirm: true },
      });
    // Boris: the account wrote to him before. Kira: first contact (the one allowed today), then not.
    expect(sc<W>(await dm('200002', 'hello Boris')).status).toBe('executed');
    expect(sc<W>(await dm('@kira_lovelace', 'hello Kira')).status).toBe('executed');
    expect(sc<W>(await dm('@kira_lovelace', 'again, Kira')).status).toBe('executed');
    const luca = await dm('@luca_ivanov', 'hello Luca');
    expect(errorOf(luca).code).toBe('QUOTA_EXCEEDED');
    expect(a.fake.requests.count('messages.SendMessage')).toBe(3);
  });

  it('elicit mode: tg_approve_batch shows the whole batch to the person', async () => {
    const seen: string[] = [];
    const a = await startActions({
      env: { TG_ACTIONS_APPROVAL_MODE: 'elicit' },
      elicit: (m) => {
        seen.push(m);
        return true;
      },
    });
    const created = sc<{ batch: { id: string } }>(
      await a.client.callTool({
        name: 'tg_create_add_member_batch',
        arguments: { user: '200005', groups: ['@oss_hackers'] },
      }),
    );
    const approved = sc<{ batch: { status: string } }>(
      await a.client.callTool({
        name: 'tg_approve_batch',
        arguments: { batch_id: created.batch.id },
      }),
    );
    expect(approved.batch.status).toBe('approved');
    expect(seen[0]).toContain('Open Source Hackers');
    const run = sc<{ processed: number }>(
      await a.client.callTool({
        name: 'tg_run_add_member_batch',
        arguments: { batch_id: created.batch.id },
      }),
    );
    expect(run.processed).toBe(1);
  });
});
