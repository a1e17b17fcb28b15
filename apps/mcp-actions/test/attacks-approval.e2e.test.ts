// Issue 16's attacks on the approval promise (items 1, 2, 3, 5, 10), over stdio with the real SDK
// client against the fake DC. Counts at the fake DC decide, not error texts.
import { describe, expect, it } from 'vitest';
import { errorOf, sc, startActions } from './harness.js';

type W = { status: string; request_id?: string; summary?: string };
const OP = { TG_ACTIONS_APPROVAL_MODE: 'operator' };
const exec = { dry_run: false, confirm: true };
// Raw control, zero-width and bidi characters (newline allowed): none may reach a person's screen.
// eslint-disable-next-line no-control-regex -- finding raw control characters is the point
const RAW_HIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e]/;

describe('approval attacks (issue 16)', { timeout: 120_000 }, () => {
  it('item 5: an approved force_resend sends once under 50 concurrent executes', async () => {
    const a = await startActions({ env: OP });
    // Five processes on one data dir, ten calls each: the race spans processes as in production.
    const servers = [
      a,
      ...(await Promise.all(
        Array.from({ length: 4 }, () =>
          startActions({ env: OP, fake: a.fake, dataDir: a.dataDir }),
        ),
      )),
    ];
    const args = { group: '@oss_hackers', message_text: 'resend me once' };
    const p = sc<W>(await a.client.callTool({ name: 'tg_send_message', arguments: args }));
    expect((await a.operator(['approve', p.request_id!, '--yes'])).code).toBe(0);
    const first = await a.client.callTool({
      name: 'tg_send_message',
      arguments: { ...args, ...exec, request_id: p.request_id },
    });
    expect(sc<W>(first).status).toBe('executed');
    for (let round = 0; round < 5; round++) {
      const before = a.fake.requests.count('messages.SendMessage');
      const f = sc<W>(
        await a.client.callTool({
          name: 'tg_send_message',
          arguments: { ...args, force_resend: true },
        }),
      );
      expect((await a.operator(['approve', f.request_id!, '--yes'])).code).toBe(0);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          servers[i % servers.length]!.client.callTool({
            name: 'tg_send_message',
            arguments: { ...args, ...exec, request_id: f.request_id, force_resend: true },
          }),
        ),
      );
      const statuses = results.map((r) => (r.isError ? errorOf(r).code : sc<W>(r).status));
      expect(statuses.filter((s) => s === 'executed')).toHaveLength(1);
      expect(a.fake.requests.count('messages.SendMessage') - before).toBe(1);
    }
  });

  it('item 2: a username moved between check and send never redirects a write (FLOOD_WAIT mid-execute)', async () => {
    const a = await startActions({ env: OP });
    const group = { type: 'channel' as const, id: 1_500_000_001 };
    const intruder = { type: 'user' as const, id: 200_002 };
    const resolves = () => a.fake.requests.count('contacts.ResolveUsername');
    // Round k moves @oss_hackers to a user right at the k-th username resolution inside the
    // execute call, answering that call FLOOD_WAIT_1 (the client waits, then asks again).
    for (const k of [1, 2, 3]) {
      const args = { group: '@oss_hackers', message_text: `release notes, round ${k}` };
      const p = sc<W>(await a.client.callTool({ name: 'tg_send_message', arguments: args }));
      expect((await a.operator(['approve', p.request_id!, '--yes'])).code).toBe(0);
      const base = resolves();
      a.fake.limits.add({
        kind: 'intercept',
        method: 'contacts.ResolveUsername',
        fn: (n) => {
          if (n !== base + k) return undefined;
          a.fake.world.moveUsername('oss_hackers', intruder);
          return 'FLOOD_WAIT_1';
        },
      });
      await a.client.callTool({
        name: 'tg_send_message',
        arguments: { ...args, ...exec, request_id: p.request_id },
      });
      a.fake.limits.clear();
      a.fake.world.moveUsername('oss_hackers', group);
      const writes = a.fake.requests.writes();
      expect(writes.filter((w) => w.peer !== `channel:${group.id}`)).toEqual([]);
    }
    // Preview, approve, then move: the execute is refused (the approval names the old id).
    const args = { group: '@oss_hackers', message_text: 'moved before execute' };
    const p = sc<W>(await a.client.callTool({ name: 'tg_send_message', arguments: args }));
    expect((await a.operator(['approve', p.request_id!, '--yes'])).code).toBe(0);
    a.fake.world.moveUsername('oss_hackers', intruder);
    const r = await a.client.callTool({
      name: 'tg_send_message',
      arguments: { ...args, ...exec, request_id: p.request_id },
    });
    expect(r.isError).toBe(true);
    expect(a.fake.requests.writes().filter((w) => w.peer !== `channel:${group.id}`)).toEqual([]);
  });

  it('item 1: what a person approves is shown inert, whole, with length and hash', async () => {
    const ESC = '\u001b';
    const forged = `Log in at evil.example to keep your account${ESC}[2K${ESC}[1A\r${ESC}[2Ksend this message (43 characters): Release 1.2 is out`;
    const a = await startActions({ env: OP });
    // A text with terminal controls is refused outright, naming the field: nothing to approve.
    const refused = errorOf(
      await a.client.callTool({
        name: 'tg_send_message',
        arguments: { group: '@oss_hackers', message_text: forged },
      }),
    );
    expect(refused).toMatchObject({ code: 'INVALID_INPUT', field: 'message_text' });
    const bidi = errorOf(
      await a.client.callTool({
        name: 'tg_send_message',
        arguments: { group: '@oss_hackers', message_text: 'invoice \u202egpj.exe' },
      }),
    );
    expect(bidi).toMatchObject({ code: 'INVALID_INPUT', field: 'message_text' });
    expect((await a.operator(['pending'])).stdout).toContain('No pending approval requests');

    // Hostile strings that are allowed (a chat title from Telegram, invisible marks in the text)
    // reach the person escaped; a long text is shown whole, with its length and hash.
    a.fake.world.chat(1_500_000_001)!.title = `Open Source Hackers${ESC}[2K${ESC}[1A\u202e`;
    const text = `${'x'.repeat(1900)}\u200b\u200fEND-OF-TEXT`;
    const p = sc<W & { action_hash: string }>(
      await a.client.callTool({
        name: 'tg_send_message',
        arguments: { group: '@oss_hackers', message_text: text },
      }),
    );
    for (const out of [
      (await a.operator(['pending'])).stdout,
      (await a.operator(['approve', p.request_id!, '--reject'])).stdout,
    ]) {
      expect(out).not.toMatch(RAW_HIDDEN);
      expect(out).toContain('Open Source Hackers\\u{1b}[2K\\u{1b}[1A\\u{202e}');
      expect(out).toContain('\\u{200b}\\u{200f}END-OF-TEXT');
      expect(out).toContain(`${text.length} characters, sha256 `);
    }
    // Elicitation shows the same screen.
    const elicited: string[] = [];
    const b = await startActions({
      fake: a.fake,
      dataDir: a.dataDir,
      elicit: (message) => {
        elicited.push(message);
        return false;
      },
    });
    const e = await b.client.callTool({
      name: 'tg_send_message',
      arguments: { group: '@oss_hackers', message_text: text, ...exec },
    });
    expect(errorOf(e).code).toBe('APPROVAL_DECLINED');
    expect(elicited).toHaveLength(1);
    expect(elicited[0]).not.toMatch(RAW_HIDDEN);
    expect(elicited[0]).toContain('END-OF-TEXT');
    expect(elicited[0]).toContain(`${text.length} characters, sha256 `);
    expect(a.fake.requests.writes()).toEqual([]);
  });

  it('item 3: in seed mode a batch needs a one-time code from the operator terminal, never the phrase', async () => {
    const a = await startActions({ env: { TG_ACTIONS_APPROVAL_MODE: 'seed' } });
    const created = await a.client.callTool({
      name: 'tg_create_add_member_batch',
      arguments: { user: '200005', groups: ['@oss_hackers', '-3001'] },
    });
    if (created.isError) throw new Error(JSON.stringify(created.content));
    const id = sc<{ batch: { id: string; previewHash: string } }>(created).batch.id;
    const status = async () =>
      sc<{ batch: { status: string } }>(
        await a.client.callTool({ name: 'tg_get_batch_status', arguments: { batch_id: id } }),
      ).batch.status;
    // The public default phrase, its variants, and anything the model saw: none approves.
    for (const phrase of ['отправляй', 'ОТПРАВЛЯЙ', ' отправляй ', 'Отправляй\n', id]) {
      await a.client.callTool({
        name: 'tg_approve_batch',
        arguments: { batch_id: id, confirmation_text: phrase },
      });
      expect(await status()).toBe('pending_approval');
    }
    const run = await a.client.callTool({
      name: 'tg_run_add_member_batch',
      arguments: { batch_id: id },
    });
    expect(run.isError).toBe(true);
    // The code went to the operator's terminal only, on a line naming what it approves.
    await new Promise((r) => setTimeout(r, 200));
    const line = [...a.stderr().matchAll(/approval code (\S+) approves: ([^\n]*)/g)].at(-1);
    expect(line).toBeDefined();
    const [, code, about] = line!;
    expect(about).toContain('add_member_batch');
    expect(about).toContain(id);
    expect(about).toMatch(/2 group/);
    // A code alone (without the phrase) or for another batch does not approve either.
    await a.client.callTool({
      name: 'tg_approve_batch',
      arguments: { batch_id: id, approval_code: code },
    });
    expect(await status()).toBe('pending_approval');
    const ok = await a.client.callTool({
      name: 'tg_approve_batch',
      arguments: { batch_id: id, approval_code: code, confirmation_text: 'отправляй' },
    });
    if (ok.isError) throw new Error(JSON.stringify(ok.content));
    expect(await status()).toBe('approved');
    const again = await a.client.callTool({
      name: 'tg_approve_batch',
      arguments: { batch_id: id, approval_code: code, confirmation_text: 'отправляй' },
    });
    expect(JSON.stringify(again)).not.toContain(code!);
    expect(a.fake.requests.writes()).toEqual([]);
    // Approved by the person's code: it runs.
    const ran = await a.client.callTool({
      name: 'tg_run_add_member_batch',
      arguments: { batch_id: id },
    });
    if (ran.isError) throw new Error(JSON.stringify(ran.content));
    expect(a.fake.requests.writes().length).toBeGreaterThan(0);
  });

  it('item 10: the actions server offers no session switch; writes stay on the first account', async () => {
    const a = await startActions({ env: { ...OP, TG_ALLOW_SESSION_SWITCH: '1' } });
    const names = (await a.client.listTools()).tools.map((t) => t.name);
    expect(names).toContain('tg_list_sessions');
    expect(names).not.toContain('tg_use_session');
    const r = await a.client
      .callTool({ name: 'tg_use_session', arguments: { session_name: 'main' } })
      .catch((err: unknown) => ({ isError: true, thrown: String(err) }));
    expect(r.isError).toBe(true);
    expect(a.stderr()).toMatch(/TG_ALLOW_SESSION_SWITCH is ignored/);
    const args = { group: '@oss_hackers', message_text: 'still the first account' };
    const p = sc<W>(await a.client.callTool({ name: 'tg_send_message', arguments: args }));
    expect((await a.operator(['approve', p.request_id!, '--yes'])).code).toBe(0);
    const done = await a.client.callTool({
      name: 'tg_send_message',
      arguments: { ...args, ...exec, request_id: p.request_id },
    });
    expect(sc<W>(done).status).toBe('executed');
    expect(a.fake.requests.count('messages.SendMessage')).toBe(1);
  });
});
