// Issue 16's attacks on the approval promise (items 1, 2, 3, 5, 10), over stdio with the real SDK
// client against the fake DC. Counts at the fake DC decide, not error texts.
import { describe, expect, it } from 'vitest';
import { errorOf, sc, startActions } from './harness.js';

type W = { status: string; request_id?: string; summary?: string };
const OP = { TG_ACTIONS_APPROVAL_MODE: 'operator' };
const exec = { dry_run: false, confirm: true };

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
});
