// Eight tgmcp-actions processes on one data dir and one account: one approved write executed by
// all of them at once reaches Telegram once; quotas run out exactly.
import { describe, expect, it } from 'vitest';
import { errorOf, sc, startActions } from './harness.js';

type W = { status: string; request_id?: string };

describe('many processes, one account', { timeout: 90_000 }, () => {
  it('8 servers executing the same approved send: exactly one message at the DC', async () => {
    const first = await startActions({ env: { TG_ACTIONS_APPROVAL_MODE: 'operator' } });
    const others = await Promise.all(
      Array.from({ length: 7 }, () =>
        startActions({
          env: { TG_ACTIONS_APPROVAL_MODE: 'operator' },
          fake: first.fake,
          dataDir: first.dataDir,
        }),
      ),
    );
    const args = { group: '@oss_hackers', message_text: 'one and only' };
    const p = sc<W>(await first.client.callTool({ name: 'tg_send_message', arguments: args }));
    expect((await first.operator(['approve', p.request_id!, '--yes'])).code).toBe(0);
    const results = await Promise.all(
      [first, ...others].map((s) =>
        s.client.callTool({
          name: 'tg_send_message',
          arguments: { ...args, dry_run: false, confirm: true, request_id: p.request_id },
        }),
      ),
    );
    const statuses = results.map((r) => (r.isError ? errorOf(r).code : sc<W>(r).status));
    expect(statuses.filter((s) => s === 'executed')).toHaveLength(1);
    // The others saw the running claim or its result: a duplicate, never a second send.
    for (const s of statuses)
      expect(['executed', 'duplicate', 'DUPLICATE', 'APPROVAL_USED']).toContain(s);
    expect(first.fake.requests.count('messages.SendMessage')).toBe(1);
  });

  it('a daily quota runs out exactly, across processes', async () => {
    const env = { TG_ACTIONS_APPROVAL_MODE: 'operator', MAX_GROUP_MSGS_PER_DAY: '2' };
    const a = await startActions({ env });
    const b = await startActions({ env, fake: a.fake, dataDir: a.dataDir });
    const outcomes: string[] = [];
    for (const [i, s] of [a, b, a].entries()) {
      const args = { group: '@oss_hackers', message_text: `message ${i}` };
      const p = sc<W>(await s.client.callTool({ name: 'tg_send_message', arguments: args }));
      await s.operator(['approve', p.request_id!, '--yes']);
      const r = await s.client.callTool({
        name: 'tg_send_message',
        arguments: { ...args, dry_run: false, confirm: true, request_id: p.request_id },
      });
      outcomes.push(r.isError ? errorOf(r).code : sc<W>(r).status);
    }
    expect(outcomes).toEqual(['executed', 'executed', 'QUOTA_EXCEEDED']);
    expect(a.fake.requests.count('messages.SendMessage')).toBe(2);
  });
});
