// The attack suite over stdio, one test per attempt: each is refused and nothing is sent.
import { symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf, sc, startActions } from './harness.js';

type W = { status: string; request_id?: string };
const OP = { TG_ACTIONS_APPROVAL_MODE: 'operator' };
const exec = { dry_run: false, confirm: true };

async function approved(
  a: Awaited<ReturnType<typeof startActions>>,
  name: string,
  args: Record<string, unknown>,
) {
  const p = sc<W>(await a.client.callTool({ name, arguments: args }));
  expect((await a.operator(['approve', p.request_id!, '--yes'])).code).toBe(0);
  return p.request_id!;
}

describe('attacks on the actions server', { timeout: 60_000 }, () => {
  it('the model cannot approve itself with anything it saw', async () => {
    const a = await startActions({ env: OP });
    const args = { group: '@oss_hackers', message_text: 'self-approved?' };
    const p = sc<W & Record<string, unknown>>(
      await a.client.callTool({ name: 'tg_send_message', arguments: args }),
    );
    const seen = JSON.stringify(p);
    // Everything the preview showed, tried as an approval: the request id, the hash, the code field.
    for (const attempt of [
      { request_id: p.request_id },
      { approval_code: p.request_id },
      { approval_code: String(p.action_hash) },
      { approval_code: 'yes', confirmation_text: 'отправляй' },
    ]) {
      const r = await a.client.callTool({
        name: 'tg_send_message',
        arguments: { ...args, ...exec, ...attempt },
      });
      expect(r.isError || sc<W>(r).status === 'preview').toBe(true);
    }
    expect(seen).not.toMatch(/отправляй/);
    expect(a.fake.requests.writes()).toEqual([]);
  });

  it('an approval does not carry over to another text, target, action, or a second use', async () => {
    const a = await startActions({ env: OP });
    const args = { group: '@oss_hackers', message_text: 'approved text' };
    const id = await approved(a, 'tg_send_message', args);
    const tries = [
      { name: 'tg_send_message', args: { ...args, message_text: 'different text' } },
      { name: 'tg_send_message', args: { ...args, group: '-3001' } },
      { name: 'tg_add_member_to_group', args: { group: '@oss_hackers', user: '200002' } },
    ];
    for (const t of tries) {
      const e = errorOf(
        await a.client.callTool({
          name: t.name,
          arguments: { ...t.args, ...exec, request_id: id },
        }),
      );
      expect(e.code).toMatch(/^APPROVAL_(MISMATCH|NOT_FOUND)$/);
    }
    expect(
      sc<W>(
        await a.client.callTool({
          name: 'tg_send_message',
          arguments: { ...args, ...exec, request_id: id },
        }),
      ).status,
    ).toBe('executed');
    // Used: a forced resend with the same approval is refused.
    const forced = errorOf(
      await a.client.callTool({
        name: 'tg_send_message',
        arguments: { ...args, ...exec, request_id: id, force_resend: true },
      }),
    );
    expect(forced.code).toMatch(/^APPROVAL_/);
    expect(a.fake.requests.count('messages.SendMessage')).toBe(1);
  });

  // Expiry needs a TTL of at least 60 s (the config floor): covered with a manual clock in
  // packages/policy/test/attacks.test.ts.

  it('a username handed to another chat after approval cannot redirect the write', async () => {
    const a = await startActions({ env: OP });
    const args = { group: '@oss_hackers', message_text: 'for the hackers' };
    const id = await approved(a, 'tg_send_message', args);
    // @oss_hackers now names the Tech News channel.
    a.fake.world.moveUsername('oss_hackers', { type: 'channel', id: 1_600_000_001 });
    const e = errorOf(
      await a.client.callTool({
        name: 'tg_send_message',
        arguments: { ...args, ...exec, request_id: id },
      }),
    );
    expect(e.code).toMatch(/^(NOT_ALLOWLISTED|APPROVAL_MISMATCH)$/);
    expect(a.fake.requests.writes()).toEqual([]);
  });

  it('file paths: traversal, symlinks out, dot-files and session files are never sent', async () => {
    const a = await startActions({ env: OP });
    const outbox = path.join(a.dataDir, 'outbox');
    writeFileSync(path.join(outbox, '.env'), 'SECRET=1');
    symlinkSync(
      path.join(a.dataDir, 'sessions', 'main.session'),
      path.join(outbox, 'innocent.txt'),
    );
    symlinkSync('/etc/hostname', path.join(outbox, 'host.txt'));
    for (const file_path of [
      '../sessions/main.session',
      path.join(a.dataDir, 'sessions', 'main.session'),
      '.env',
      'innocent.txt',
      'host.txt',
      '/etc/passwd',
      'missing.txt',
    ]) {
      const e = errorOf(
        await a.client.callTool({
          name: 'tg_send_file',
          arguments: { group: '@oss_hackers', file_path },
        }),
      );
      expect(e.field).toBe('file_path');
    }
    expect(a.fake.requests.writes()).toEqual([]);
  });

  it('no session switching here, whatever the names or the switch', async () => {
    const a = await startActions({ env: { ...OP, TG_ALLOW_SESSION_SWITCH: '1' } });
    for (const session_name of ['../../etc/passwd', '/abs/path', 'x.session', 'main'])
      expect(
        errorOf(await a.client.callTool({ name: 'tg_use_session', arguments: { session_name } }))
          .code,
      ).toBe('UNKNOWN_TOOL');
  });
});
