// Connection faults during writes, over stdio against the fake DC: the connection stalls right as
// an approved send (or a batch's invite) reaches the DC. After recovery each message and each
// member is written exactly once (counted at the DC), whether the stalled write happened or not.
import { createWorld } from '@tgmcp/testkit';
import { describe, expect, it } from 'vitest';
import { sc, startActions } from './harness.js';

type W = { status: string; result?: Record<string, unknown> };
// A fast health ping: a half-open connection is found within about 2 s.
const HEALTH = { TG_PING_INTERVAL_SEC: '1', TG_PING_TIMEOUT_SEC: '1', TG_CALL_TIMEOUT_SEC: '30' };

function textsAt(fake: Awaited<ReturnType<typeof startActions>>['fake'], text: string): number {
  const history = fake.world.history({ type: 'chat', id: 3001 });
  return [...history.idsNewestFirst()].filter((id) => history.get(id)?.text === text).length;
}

describe('writes under connection faults', { timeout: 90_000 }, () => {
  for (const process of [true, false])
    it(`an approved send whose connection stalls (${process ? 'carried out' : 'never carried out'}, unanswered) is written exactly once`, async () => {
      const a = await startActions({
        env: { ...HEALTH, TG_ACTIONS_APPROVAL_MODE: 'elicit' },
        elicit: () => true,
      });
      const text = `stalled send ${process}`;
      // The first SendMessage stalls the connection it arrives on: carried out or ignored,
      // never answered.
      a.fake.limits.add({
        kind: 'intercept',
        method: 'messages.SendMessage',
        fn: (n) => {
          if (n !== 1) return undefined;
          a.fake.faults.stall({ process });
          return process ? undefined : 'STALLED_UNPROCESSED';
        },
      });
      const started = Date.now();
      const r = sc<W>(
        await a.client.callTool({
          name: 'tg_send_message',
          arguments: { group: '-3001', message_text: text, dry_run: false, confirm: true },
        }),
      );
      expect(r.status).toBe('executed');
      expect(r.result?.message_id).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(30_000);
      expect(textsAt(a.fake, text)).toBe(1);
      // Carried out: found in the history, not sent again. Ignored: sent once more, same random_id.
      expect(a.fake.requests.count('messages.SendMessage')).toBe(process ? 1 : 2);
      const stats = sc<{ connection: { reconnects: number; interrupted: { writes: number } } }>(
        await a.client.callTool({ name: 'tg_get_stats', arguments: {} }),
      );
      expect(stats.connection.reconnects).toBeGreaterThanOrEqual(1);
      expect(stats.connection.interrupted.writes).toBe(1);
      // The same call again is a duplicate: nothing more at the DC.
      const again = sc<W>(
        await a.client.callTool({
          name: 'tg_send_message',
          arguments: { group: '-3001', message_text: text, dry_run: false, confirm: true },
        }),
      );
      expect(again.status).toBe('duplicate');
      expect(textsAt(a.fake, text)).toBe(1);
    });

  it('a batch whose connection stalls mid-invite adds every member exactly once', async () => {
    const groups = 6;
    const world = createWorld({
      self: { id: 1, firstName: 'Me', username: 'me_user' },
      users: [{ id: 50, firstName: 'New', username: 'new_member', mutualContact: true }],
      chats: Array.from({ length: groups }, (_, i) => ({
        id: 1000 + i,
        kind: 'supergroup' as const,
        title: `Team ${i}`,
        username: `team_${i}_grp`,
        date: 1_700_000_000,
        myRole: 'creator' as const,
      })),
    });
    const ids = Array.from({ length: groups }, (_, i) => `@team_${i}_grp`);
    const a = await startActions({
      world,
      env: {
        ...HEALTH,
        TG_ACTIONS_APPROVAL_MODE: 'operator',
        TG_ACTIONS_ALLOWED_GROUPS: ids.join(','),
        TG_ACTIONS_BATCH_RUN_LEASE_SEC: '10',
        MAX_JOINS_PER_DAY: '100',
      },
    });
    // The 3rd invite is carried out and never answered: its connection stalls.
    a.fake.limits.add({
      kind: 'intercept',
      method: 'channels.InviteToChannel',
      fn: (n) => {
        if (n === 3) a.fake.faults.stall({ process: true });
        return undefined;
      },
    });
    const created = sc<{ batch: { id: string } }>(
      await a.client
        .callTool({
          name: 'tg_create_add_member_batch',
          arguments: { user: '@new_member', groups: ids },
        })
        .catch((e: unknown) => {
          throw new Error(`${String(e)}\n${a.stderr()}`);
        }),
    );
    if (!created) throw new Error(a.stderr());
    const id = created.batch.id;
    expect((await a.operator(['approve', id, '--yes'])).code).toBe(0);
    let counts: Record<string, number> = {};
    for (let run = 0; run < 6 && (counts.done ?? 0) < groups; run++) {
      const r = sc<{ batch: { counts: Record<string, number> }; retry_after?: number | null }>(
        await a.client.callTool({
          name: 'tg_run_add_member_batch',
          arguments: { batch_id: id, max_actions: 50 },
        }),
      );
      counts = r.batch.counts;
      // The interrupted invite pauses the batch briefly; the next run settles it by membership.
      if (r.retry_after) await new Promise((ok) => setTimeout(ok, r.retry_after! * 1000 + 200));
    }
    expect(counts.done).toBe(groups);
    expect(a.fake.requests.count('channels.InviteToChannel')).toBe(groups);
    for (let i = 0; i < groups; i++)
      expect(a.fake.world.members(1000 + i).get(50)?.role).toBe('member');
  });
});

describe('a member add under a stall', { timeout: 60_000 }, () => {
  it('an approved add whose answer is lost is settled by membership: one invite at the DC', async () => {
    const a = await startActions({
      env: { ...HEALTH, TG_ACTIONS_APPROVAL_MODE: 'elicit' },
      elicit: () => true,
    });
    a.fake.limits.add({
      kind: 'intercept',
      method: 'channels.InviteToChannel',
      fn: (n) => {
        if (n === 1) a.fake.faults.stall({ process: true });
        return undefined;
      },
    });
    const r = sc<W>(
      await a.client.callTool({
        name: 'tg_add_member_to_group',
        arguments: { group: '@oss_hackers', user: '200002', dry_run: false, confirm: true },
      }),
    );
    expect(r.status).toBe('executed');
    expect(r.result).toMatchObject({ user_id: '200002', changed: true });
    expect(a.fake.requests.count('channels.InviteToChannel')).toBe(1);
  });
});
