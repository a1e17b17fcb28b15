// Two hosts (separate data dirs) sharing one Redis (TG_REDIS_URL): an approval requested on one
// is approved by the operator on another and executed on a third; racing executes send once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorOf, sc, startActions } from './harness.js';
import { type TestRedis, startTestRedis } from '@tgmcp/testkit';

let redis: TestRedis | null = null;
beforeAll(async () => {
  redis = await startTestRedis('actions tests');
});
afterAll(async () => {
  await redis?.stop();
});

type W = { status: string; request_id?: string };

describe('many hosts through Redis', { timeout: 90_000 }, () => {
  it('approval and idempotency are shared by hosts with separate data dirs', async (ctx) => {
    if (!redis) return ctx.skip();
    const env = { TG_ACTIONS_APPROVAL_MODE: 'operator', TG_REDIS_URL: redis.url };
    const a = await startActions({ env });
    // Host B: its own data dir (its own copy of the session), the same Redis and account.
    const b = await startActions({ env, fake: a.fake });
    const args = {
      group: '@oss_hackers',
      message_text: `via redis ${Date.now()} ${Math.random()}`,
    };
    const p = sc<W>(await a.client.callTool({ name: 'tg_send_message', arguments: args }));
    // The operator approves from host B's shell.
    expect((await b.operator(['approve', p.request_id!, '--yes'])).code).toBe(0);
    const exec = { ...args, dry_run: false, confirm: true, request_id: p.request_id };
    const [ra, rb] = await Promise.all([
      a.client.callTool({ name: 'tg_send_message', arguments: exec }),
      b.client.callTool({ name: 'tg_send_message', arguments: exec }),
    ]);
    const outcomes = [ra, rb].map((r) => (r.isError ? errorOf(r).code : sc<W>(r).status)).sort();
    expect(outcomes.filter((o) => o === 'executed')).toHaveLength(1);
    expect(a.fake.requests.count('messages.SendMessage')).toBe(1);
  });

  it('a force_resend approval sends once when two hosts race it 40 times (issue 16 item 5)', async (ctx) => {
    if (!redis) return ctx.skip();
    const env = { TG_ACTIONS_APPROVAL_MODE: 'operator', TG_REDIS_URL: redis.url };
    const a = await startActions({ env });
    // Host B: its own data dir (its own copy of the session), the same Redis and account.
    const b = await startActions({ env, fake: a.fake });
    const args = { group: '@oss_hackers', message_text: `resend ${Date.now()} ${Math.random()}` };
    const first = sc<W>(await a.client.callTool({ name: 'tg_send_message', arguments: args }));
    expect((await a.operator(['approve', first.request_id!, '--yes'])).code).toBe(0);
    const run = { ...args, dry_run: false, confirm: true };
    await a.client.callTool({
      name: 'tg_send_message',
      arguments: { ...run, request_id: first.request_id },
    });
    const before = a.fake.requests.count('messages.SendMessage');
    const f = sc<W>(
      await b.client.callTool({
        name: 'tg_send_message',
        arguments: { ...args, force_resend: true },
      }),
    );
    expect((await b.operator(['approve', f.request_id!, '--yes'])).code).toBe(0);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        (i % 2 ? a : b).client.callTool({
          name: 'tg_send_message',
          arguments: { ...run, request_id: f.request_id, force_resend: true },
        }),
      ),
    );
    const executed = results.filter((r) => !r.isError && sc<W>(r).status === 'executed');
    expect(executed).toHaveLength(1);
    expect(a.fake.requests.count('messages.SendMessage') - before).toBe(1);
  });
});
