// Batches over stdio: create, a person approves the whole batch, runs in chunks; FLOOD_WAIT
// pauses it, PEER_FLOOD stops it; a server killed mid-run resumes without adding anyone twice.
import { createWorld } from '@tgmcp/testkit';
import { describe, expect, it } from 'vitest';
import { errorOf, sc, startActions } from './harness.js';

const GROUPS = 40;
const world = () =>
  createWorld({
    self: { id: 1, firstName: 'Me', username: 'me_user' },
    users: [{ id: 50, firstName: 'New', username: 'new_member', mutualContact: true }],
    chats: Array.from({ length: GROUPS }, (_, i) => ({
      id: 1000 + i,
      kind: 'supergroup' as const,
      title: `Team ${i}`,
      username: `team_${i}_grp`,
      date: 1_700_000_000,
      myRole: 'creator' as const,
      messages: [
        {
          date: 1_700_000_000,
          from: 1,
          service: { action: 'create' as const, title: `Team ${i}` },
        },
      ],
    })),
  });
const ids = Array.from({ length: GROUPS }, (_, i) => `@team_${i}_grp`);
// A short run lease: after a kill the next run takes over once it lapses.
const env = {
  TG_ACTIONS_APPROVAL_MODE: 'operator',
  TG_ACTIONS_ALLOWED_GROUPS: ids.join(','),
  TG_ACTIONS_BATCH_RUN_LEASE_SEC: '10',
  MAX_JOINS_PER_DAY: '100',
};
type B = {
  batch: { id: string; status: string; counts: Record<string, number> };
  stopped?: string | null;
  retry_after?: number | null;
  processed?: number;
};

describe('add-member batches over stdio', { timeout: 120_000 }, () => {
  it('nothing runs before a person approves the whole batch; FLOOD_WAIT pauses it without failing a group', async () => {
    const a = await startActions({ world: world(), env });
    const raw = await a.client.callTool({
      name: 'tg_create_add_member_batch',
      arguments: { user: '@new_member', groups: [...ids, ids[0]] },
    });
    if (raw.isError) throw new Error(JSON.stringify(raw.content));
    const created = sc<B>(raw);
    const id = created.batch.id;
    expect(
      errorOf(
        await a.client.callTool({ name: 'tg_run_add_member_batch', arguments: { batch_id: id } }),
      ).code,
    ).toMatch(/APPROVAL/);
    expect(
      errorOf(await a.client.callTool({ name: 'tg_approve_batch', arguments: { batch_id: id } }))
        .code,
    ).toBe('APPROVAL_REQUIRED');
    const approve = await a.operator(['approve', id, '--yes']);
    expect(approve.stdout).toContain('Team 39');
    expect(approve.code).toBe(0);
    // FLOOD_WAIT on the 5th invite: the batch pauses with retry_after, nothing marked failed.
    a.fake.limits.add({
      kind: 'script',
      method: 'channels.InviteToChannel',
      nth: 5,
      error: 'FLOOD_WAIT_120',
      code: 420,
    });
    const first = sc<B>(
      await a.client.callTool({
        name: 'tg_run_add_member_batch',
        arguments: { batch_id: id, max_actions: 10 },
      }),
    );
    expect(first.stopped).toBe('flood');
    expect(first.retry_after).toBeGreaterThan(0);
    expect(first.batch.counts.failed ?? 0).toBe(0);
    a.fake.limits.clear();
    expect(a.fake.world.members(1004).get(50)).toBeUndefined();
  });

  it('PEER_FLOOD stops the batch', async () => {
    const a = await startActions({ world: world(), env });
    const id = sc<B>(
      await a.client.callTool({
        name: 'tg_create_add_member_batch',
        arguments: { user: '@new_member', groups: ids.slice(0, 5) },
      }),
    ).batch.id;
    await a.operator(['approve', id, '--yes']);
    a.fake.limits.add({ kind: 'peerFlood', method: 'channels.InviteToChannel' });
    const r = sc<B>(
      await a.client.callTool({ name: 'tg_run_add_member_batch', arguments: { batch_id: id } }),
    );
    expect(r.stopped).toBe('peer_flood');
    expect(a.fake.requests.count('channels.InviteToChannel')).toBe(1);
  });

  it('a server killed mid-run resumes: every group gets the member exactly once', async () => {
    const first = await startActions({ world: world(), env });
    const id = sc<B>(
      await first.client.callTool({
        name: 'tg_create_add_member_batch',
        arguments: { user: '@new_member', groups: ids },
      }),
    ).batch.id;
    await first.operator(['approve', id, '--yes']);
    first.fake.limits.add({ kind: 'latency', method: 'channels.InviteToChannel', ms: 60 });
    let server = first;
    for (let kill = 0; kill < 3; kill++) {
      const pending = server.client
        .callTool({
          name: 'tg_run_add_member_batch',
          arguments: { batch_id: id, max_actions: 500 },
        })
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 400 + kill * 150));
      server.kill();
      await pending;
      server = await startActions({ env, fake: first.fake, dataDir: first.dataDir });
    }
    first.fake.limits.clear();
    const runOnce = async () => {
      const res = await server.client.callTool({
        name: 'tg_run_add_member_batch',
        arguments: { batch_id: id, max_actions: 500 },
      });
      return res.isError ? { error: errorOf(res) } : { ok: sc<B>(res) };
    };
    let r = await runOnce();
    // A killed run's lease must lapse (BATCH_BUSY with retry_after) before another run takes over.
    for (let i = 0; i < 40 && r.ok?.batch.status !== 'completed'; i++) {
      await new Promise((res) => setTimeout(res, Math.min(5, r.error?.retry_after ?? 1) * 1000));
      r = await runOnce();
    }
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const notDone = (r.ok.batch as unknown as { groups: Array<{ state: string }> }).groups.filter(
      (g) => g.state !== 'done',
    );
    expect(notDone).toEqual([]);
    expect(r.ok.batch.status).toBe('completed');
    for (let i = 0; i < GROUPS; i++)
      expect(first.fake.world.members(1000 + i).get(50)?.role).toBe('member');
    // Each group was invited exactly once: a group left in flight by a kill is checked for
    // membership before any retry.
    const invites = first.fake.requests
      .all()
      .filter((q) => q.method === 'channels.InviteToChannel');
    const perChat = new Map<string, number>();
    for (const q of invites) perChat.set(String(q.peer), (perChat.get(String(q.peer)) ?? 0) + 1);
    expect(perChat.size).toBe(GROUPS);
    expect([...perChat.values()].every((n) => n === 1)).toBe(true);
  });

  it('batch adds go through the executor: an audit entry for every outcome, a quota refund only when the add surely did not happen, real progress', async () => {
    const a = await startActions({
      world: world(),
      env: { ...env, MAX_JOINS_PER_DAY: '1', TG_REQUEST_TIMEOUT_SEC: '1' },
    });
    const id = sc<B>(
      await a.client.callTool({
        name: 'tg_create_add_member_batch',
        arguments: { user: '@new_member', groups: ids.slice(0, 2) },
      }),
    ).batch.id;
    expect((await a.operator(['approve', id, '--yes'])).code).toBe(0);
    // 1. The first invite is refused by Telegram: surely not done, so its unit comes back.
    a.fake.limits.add({
      kind: 'script',
      method: 'channels.InviteToChannel',
      nth: 1,
      error: 'CHAT_ADMIN_REQUIRED',
      code: 400,
    });
    const progress: number[] = [];
    await a.client.callTool(
      { name: 'tg_run_add_member_batch', arguments: { batch_id: id, max_actions: 1 } },
      undefined,
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(progress.length).toBeGreaterThan(0);
    expect(Math.max(...progress)).toBeGreaterThan(0);
    // 2. The second times out (the DC answers after the client gave up): it may have happened,
    // so its unit stays spent.
    a.fake.limits.clear();
    a.fake.limits.add({ kind: 'latency', method: 'channels.InviteToChannel', ms: 2500 });
    await a.client.callTool({
      name: 'tg_run_add_member_batch',
      arguments: { batch_id: id, max_actions: 1 },
    });
    a.fake.limits.clear();
    const audit = (await a.operator(['audit', '--limit', '50'])).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { event: string; request_id?: string; error_code?: string });
    const mine = audit
      .filter((e) => e.request_id === id)
      .map((e) => `${e.event}:${e.error_code ?? ''}`);
    expect(mine).toContain('failed:CHAT_ADMIN_REQUIRED');
    expect(mine).toContain('in_doubt:REQUEST_TIMEOUT');
    // Quota 1 per day: the refused add was refunded, the one in doubt was not.
    const p = sc<{ request_id: string }>(
      await a.client.callTool({
        name: 'tg_add_member_to_group',
        arguments: { group: ids[5], user: '@new_member' },
      }),
    );
    expect((await a.operator(['approve', p.request_id, '--yes'])).code).toBe(0);
    const r = await a.client.callTool({
      name: 'tg_add_member_to_group',
      arguments: {
        group: ids[5],
        user: '@new_member',
        dry_run: false,
        confirm: true,
        request_id: p.request_id,
      },
    });
    expect(errorOf(r).code).toBe('QUOTA_EXCEEDED');
  });
});
