// Attacks on the actions server's state over stdio: a record planted in the state directory (as
// a download into an overlapping TG_MEDIA_DIR would write it) and a deleted allowlist pin.
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { errorOf, sc, startActions } from './harness.js';

type W = { status: string; request_id?: string; action_hash?: string };
const OP = { TG_ACTIONS_APPROVAL_MODE: 'operator' };
const exec = { dry_run: false, confirm: true };
const stateDir = (dataDir: string) => path.join(dataDir, 'state', 'actions');
const auditEvents = (dataDir: string) =>
  readFileSync(path.join(dataDir, 'audit', 'actions.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('attacks on the actions state', { timeout: 60_000 }, () => {
  it('a planted approval record never lets a send through', async () => {
    const a = await startActions({ env: OP });
    const args = { group: '@oss_hackers', message_text: 'nobody approved this' };
    const p = sc<W>(await a.client.callTool({ name: 'tg_send_message', arguments: args }));
    expect(p.status).toBe('preview');
    // The pending record the server wrote: everything in it was shown in the preview anyway.
    const pendingFile = path.join(stateDir(a.dataDir), `approval%3a${p.request_id}.json`);
    const pending = JSON.parse(readFileSync(pendingFile, 'utf8')) as {
      v: Record<string, unknown>;
    };
    // A document named like an approval record, saved next to it (downloads never overwrite).
    const planted = `apr_${'P'.repeat(22)}`;
    const now = Date.now();
    const record = {
      k: `approval:${planted}`,
      v: {
        ...pending.v,
        requestId: planted,
        status: 'approved',
        approver: 'operator:root',
        decidedAt: now - 1000,
        createdAt: now - 60_000,
        executeAfter: now - 60_000,
        expiresAt: now + 3_600_000,
      },
    };
    const plantedFile = path.join(stateDir(a.dataDir), `approval%3a${planted}.json`);
    writeFileSync(plantedFile, JSON.stringify(record), { mode: 0o600, flag: 'wx' });

    const r = await a.client.callTool({
      name: 'tg_send_message',
      arguments: { ...args, ...exec, request_id: planted },
    });
    expect(a.fake.requests.writes()).toEqual([]);
    expect(errorOf(r).code).toMatch(/^(STATE_CORRUPT|APPROVAL_)/);
    expect(a.stderr()).toContain(plantedFile);
    // The planted record is not listed as pending either, and the real request still is.
    const listed = await a.operator(['pending', '--json']);
    expect(listed.stdout).not.toContain(planted);
    expect(listed.stdout).toContain(p.request_id);
  });

  it('a deleted pin does not follow its username to a chat that was never allowlisted', async () => {
    const a = await startActions({ env: OP });
    const args = { group: '@oss_hackers', message_text: 'for the hackers' };
    // Approved while @oss_hackers is the allowlisted group; never executed.
    const first = sc<W>(await a.client.callTool({ name: 'tg_send_message', arguments: args }));
    expect((await a.operator(['approve', first.request_id!, '--yes'])).code).toBe(0);
    await a.client.close();

    const pins = readdirSync(stateDir(a.dataDir)).filter((f) => f.includes('oss_hackers'));
    expect(pins).toHaveLength(1);
    rmSync(path.join(stateDir(a.dataDir), pins[0]!));
    // @oss_hackers now names the Tech News channel, which is not allowlisted.
    a.fake.world.moveUsername('oss_hackers', { type: 'channel', id: 1_600_000_001 });

    const b = await startActions({ env: OP, fake: a.fake, dataDir: a.dataDir });
    // The approval made before the pin changed does not execute.
    const old = await b.client.callTool({
      name: 'tg_send_message',
      arguments: { ...args, ...exec, request_id: first.request_id },
    });
    expect(errorOf(old).code).toMatch(/^(NOT_ALLOWLISTED|APPROVAL_MISMATCH)$/);
    // Nor does a fresh preview, approval and execute.
    const again = await b.client.callTool({ name: 'tg_send_message', arguments: args });
    if (!again.isError) {
      const id = sc<W>(again).request_id!;
      await b.operator(['approve', id, '--yes']);
      await b.client.callTool({
        name: 'tg_send_message',
        arguments: { ...args, ...exec, request_id: id },
      });
    }
    expect(b.fake.requests.writes()).toEqual([]);
    expect(errorOf(again).code).toBe('NOT_ALLOWLISTED');
    expect(b.stderr()).toMatch(/oss_hackers.*pin/i);
    const repins = auditEvents(b.dataDir).filter((e) => e.event === 'repin');
    expect(repins.length).toBeGreaterThan(0);
    expect(JSON.stringify(repins[0])).toContain('-1001600000001');

    // The operator sees the missing pin, and only an explicit unpin accepts the new chat.
    const listed = await b.operator(['pins']);
    expect(listed.stdout).toMatch(/@oss_hackers\s+MISSING \(was -\d+\)/);
    expect((await b.operator(['unpin', '@oss_hackers'])).code).toBe(0);
    await b.client.close();
    const c = await startActions({ env: OP, fake: a.fake, dataDir: a.dataDir });
    const accepted = sc<W>(await c.client.callTool({ name: 'tg_send_message', arguments: args }));
    expect(accepted.status).toBe('preview');
    expect(auditEvents(c.dataDir).some((e) => e.event === 'unpin')).toBe(true);
    expect((await c.operator(['pins'])).stdout).toContain('@oss_hackers  pinned to -1001600000001');
  });
});
