// Contention at the server level: 8 servers running one approved batch at once (one lease,
// each member added once), and SLOWMODE on a send answered with retry_after, never a hang.
import { createWorld } from '@tgmcp/testkit';
import { describe, expect, it } from 'vitest';
import { errorOf, sc, startActions } from './harness.js';

const GROUPS = 12;
const world = () =>
  createWorld({
    self: { id: 1, firstName: 'Me', username: 'me_user' },
    users: [{ id: 50, firstName: 'New', username: 'new_member' }],
    chats: [
      ...Array.from({ length: GROUPS }, (_, i) => ({
        id: 2000 + i,
        kind: 'supergroup' as const,
        title: `Club ${i}`,
        username: `club_${i}_grp`,
        date: 1_700_000_000,
        myRole: 'creator' as const,
        messages: [{ date: 1_700_000_000, from: 1, text: 'hello' }],
      })),
      {
        id: 3000,
        kind: 'supergroup' as const,
        title: 'Slow',
        username: 'slow_grp',
        date: 1_700_000_000,
        myRole: 'member' as const,
        slowmodeSeconds: 600,
        messages: [{ date: 1_700_000_000, from: 1, text: 'hi' }],
      },
    ],
  });
const groups = Array.from({ length: GROUPS }, (_, i) => `@club_${i}_grp`);
const env = {
  TG_ACTIONS_APPROVAL_MODE: 'operator',
  TG_ACTIONS_ALLOWED_GROUPS: [...groups, '@slow_grp'].join(','),
  MAX_JOINS_PER_DAY: '100',
};
type B = { batch: { status: string; counts: Record<string, number> }; processed: number };

describe('contention', { timeout: 120_000 }, () => {
  it('8 servers running one batch at once: one holds the lease, each member is added once', async () => {
    const first = await startActions({ world: world(), env });
    const others = await Promise.all(
      Array.from({ length: 7 }, () =>
        startActions({ env, fake: first.fake, dataDir: first.dataDir }),
      ),
    );
    const id = sc<{ batch: { id: string } }>(
      await first.client.callTool({
        name: 'tg_create_add_member_batch',
        arguments: { user: '@new_member', groups },
      }),
    ).batch.id;
    await first.operator(['approve', id, '--yes']);
    first.fake.limits.add({ kind: 'latency', method: 'channels.InviteToChannel', ms: 50 });
    const results = await Promise.all(
      [first, ...others].map((s) =>
        s.client.callTool({
          name: 'tg_run_add_member_batch',
          arguments: { batch_id: id, max_actions: 500 },
        }),
      ),
    );
    const ran = results.filter((r) => !r.isError).map((r) => sc<B>(r));
    const busy = results.filter((r) => r.isError).map((r) => errorOf(r));
    expect(busy.every((e) => e.code === 'BATCH_BUSY')).toBe(true);
    expect(ran.reduce((n, r) => n + r.processed, 0)).toBe(GROUPS);
    const perChat = new Map<string, number>();
    for (const q of first.fake.requests
      .all()
      .filter((q) => q.method === 'channels.InviteToChannel'))
      perChat.set(String(q.peer), (perChat.get(String(q.peer)) ?? 0) + 1);
    expect(perChat.size).toBe(GROUPS);
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);
  });

  it('SLOWMODE on a send is a typed error with retry_after, not a hang', async () => {
    const a = await startActions({ world: world(), env: { ...env, TG_MAX_WAIT_SEC: '5' } });
    const send = async (text: string) => {
      const args = { group: '@slow_grp', message_text: text };
      const p = sc<{ request_id: string }>(
        await a.client.callTool({ name: 'tg_send_message', arguments: args }),
      );
      await a.operator(['approve', p.request_id, '--yes']);
      return a.client.callTool({
        name: 'tg_send_message',
        arguments: { ...args, dry_run: false, confirm: true, request_id: p.request_id },
      });
    };
    expect(sc<{ status: string }>(await send('first')).status).toBe('executed');
    const started = Date.now();
    const e = errorOf(await send('second'));
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(e.code).toMatch(/SLOWMODE|FLOOD/);
    expect(e.retry_after).toBeGreaterThan(60);
    expect(a.fake.requests.count('messages.SendMessage')).toBe(2);
  });
});
