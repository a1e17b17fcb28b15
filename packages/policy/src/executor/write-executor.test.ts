import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type World, createWorld, sendRequest, sendVia } from '../../test/helpers/world.js';

const root = await mkdtemp(path.join(tmpdir(), 'tgmcp-exec-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let n = 0;
const world = async (env: Record<string, string> = {}, mode?: 'seed' | 'operator') =>
  createWorld(await mkdtemp(path.join(root, `w${n++}-`)), env, { mode });

async function approved(w: World, target: string, text: string) {
  const p = await w.executor.preview(sendRequest(target, text, { dryRun: true }));
  await w.executor.approve(p.requestId!, 'operator:anna');
  await w.clock.advance(30_000);
  return p.requestId!;
}

describe('write executor', () => {
  it('preview -> approve -> execute runs the write under the capability once', async () => {
    const w = await world();
    const id = await approved(w, '@club', 'hello');
    const r = await w.executor.execute(
      sendRequest('@club', 'hello', { approval: id }),
      sendVia(w, '-1001111', 'hello'),
    );
    expect(r).toMatchObject({
      duplicate: false,
      result: { message_id: 1 },
      requestId: id,
      warnings: [],
    });
    expect(w.sent).toHaveLength(1);
    expect((await w.approvals.get(id))?.status).toBe('used');
    expect((await w.quotas.usage()).group_msg?.used).toBe(1);

    // The same call again: the original result, no second send.
    const again = await w.executor.execute(
      sendRequest('@club', 'hello', { approval: id }),
      sendVia(w, '-1001111', 'hello'),
    );
    expect(again).toMatchObject({ duplicate: true, result: { message_id: 1 } });
    expect(w.sent).toHaveLength(1);
  });

  it('a failed write refunds the quota, keeps the approval and may be retried', async () => {
    const w = await world();
    const id = await approved(w, '@club', 'hello');
    const boom = () =>
      Promise.reject(Object.assign(new Error('CHAT_WRITE_FORBIDDEN'), { code: 'RPC_ERROR' }));
    await expect(
      w.executor.execute(sendRequest('@club', 'hello', { approval: id }), boom),
    ).rejects.toThrow('CHAT_WRITE_FORBIDDEN');
    expect((await w.quotas.usage()).group_msg?.used).toBe(0);
    expect((await w.approvals.get(id))?.status).toBe('approved');
    expect((await w.idempotency.peek((await w.approvals.get(id))!.payloadHash))?.state).toBe(
      'failed',
    );
    await w.executor.execute(
      sendRequest('@club', 'hello', { approval: id }),
      sendVia(w, '-1001111', 'hello'),
    );
    expect(w.sent).toHaveLength(1);
  });

  it('a timed-out write is IN_DOUBT: quota kept, no resend without force_resend', async () => {
    const w = await world();
    const id = await approved(w, '@club', 'hello');
    const timeout = () =>
      Promise.reject(Object.assign(new Error('no answer'), { code: 'REQUEST_TIMEOUT' }));
    await expect(
      w.executor.execute(sendRequest('@club', 'hello', { approval: id }), timeout),
    ).rejects.toThrow();
    expect((await w.quotas.usage()).group_msg?.used).toBe(1);
    await expect(
      w.executor.execute(
        sendRequest('@club', 'hello', { approval: id }),
        sendVia(w, '-1001111', 'hello'),
      ),
    ).rejects.toMatchObject({ code: 'IN_DOUBT' });
    expect(w.sent).toHaveLength(0);
  });

  it('force_resend needs an approval given for a forced resend', async () => {
    const w = await world();
    const id = await approved(w, '@club', 'hello');
    await w.executor.execute(
      sendRequest('@club', 'hello', { approval: id }),
      sendVia(w, '-1001111', 'hello'),
    );
    // The old (used) approval cannot force; neither can a normal approval for the same text.
    await expect(
      w.executor.execute(
        sendRequest('@club', 'hello', { approval: id, forceResend: true }),
        sendVia(w, '-1001111', 'hello'),
      ),
    ).rejects.toMatchObject({ code: 'APPROVAL_USED' });
    const p = await w.executor.preview(
      sendRequest('@club', 'hello', { dryRun: true, forceResend: true }),
    );
    await w.executor.approve(p.requestId!, 'anna');
    await w.clock.advance(30_000);
    await expect(
      w.executor.execute(
        sendRequest('@club', 'hello', { approval: p.requestId! }),
        sendVia(w, '-1001111', 'hello'),
      ),
    ).rejects.toMatchObject({ code: 'APPROVAL_MISMATCH', details: { mismatch: ['force_resend'] } });
    await w.executor.execute(
      sendRequest('@club', 'hello', { approval: p.requestId!, forceResend: true }),
      sendVia(w, '-1001111', 'hello'),
    );
    expect(w.sent).toHaveLength(2);
  });

  it('a force_resend approval sends once under concurrency (held from gates to commit)', async () => {
    const w = await world();
    const id = await approved(w, '@club', 'hello');
    await w.executor.execute(
      sendRequest('@club', 'hello', { approval: id }),
      sendVia(w, '-1001111', 'hello'),
    );
    const p = await w.executor.preview(
      sendRequest('@club', 'hello', { dryRun: true, forceResend: true }),
    );
    await w.executor.approve(p.requestId!, 'anna');
    await w.clock.advance(30_000);
    // A slow write: every other call arrives while the first holds the approval, or after.
    const slow = () => sendVia(w, '-1001111', 'hello')().then((r) => r);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, () =>
        w.executor.execute(
          sendRequest('@club', 'hello', { approval: p.requestId!, forceResend: true }),
          slow,
        ),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    for (const o of outcomes)
      if (o.status === 'rejected')
        expect(['DUPLICATE', 'APPROVAL_USED']).toContain((o.reason as { code: string }).code);
    expect(w.sent).toHaveLength(2);
    expect((await w.approvals.get(p.requestId!))?.status).toBe('used');
  });

  it('a failed write gives its approval back; a write in doubt burns it', async () => {
    const w = await world();
    const id = await approved(w, '@club', 'hello');
    const fail = () =>
      Promise.reject(Object.assign(new Error('nope'), { code: 'CHAT_WRITE_FORBIDDEN' }));
    await expect(
      w.executor.execute(sendRequest('@club', 'hello', { approval: id }), fail),
    ).rejects.toThrow('nope');
    expect(await w.approvals.get(id)).toMatchObject({ status: 'approved', inUse: false });
    const timeout = () =>
      Promise.reject(Object.assign(new Error('no answer'), { code: 'REQUEST_TIMEOUT' }));
    await expect(
      w.executor.execute(sendRequest('@club', 'hello', { approval: id }), timeout),
    ).rejects.toThrow('no answer');
    expect(await w.approvals.get(id)).toMatchObject({ status: 'used', inUse: false });
  });

  it('quota exceeded releases the idempotency claim and keeps the approval', async () => {
    const w = await world({ MAX_GROUP_MSGS_PER_DAY: '1' });
    const a = await approved(w, '@club', 'one');
    const b = await approved(w, '@club', 'two');
    await w.executor.execute(
      sendRequest('@club', 'one', { approval: a }),
      sendVia(w, '-1001111', 'one'),
    );
    await expect(
      w.executor.execute(
        sendRequest('@club', 'two', { approval: b }),
        sendVia(w, '-1001111', 'two'),
      ),
    ).rejects.toMatchObject({ code: 'QUOTA_EXCEEDED' });
    expect((await w.approvals.get(b))?.status).toBe('approved');
    expect(w.sent).toHaveLength(1);
  });

  it('seed mode: the code goes to the operator channel only', async () => {
    const w = await world({}, 'seed');
    const p = await w.executor.preview(sendRequest('@club', 'hello', { dryRun: true }));
    expect(p.codeSentToOperator).toBe(true);
    expect(w.codes).toHaveLength(1);
    const code = w.codes[0]!;
    expect(JSON.stringify(p)).not.toContain(code);
    await w.clock.advance(30_000);
    const r = await w.executor.execute(
      sendRequest('@club', 'hello', { approval: { code } }),
      sendVia(w, '-1001111', 'hello'),
    );
    expect(r.duplicate).toBe(false);
    const audit = await readFile(w.policy.auditFile, 'utf8');
    expect(audit).not.toContain(code);
    expect(audit).not.toContain('отправляй');
  });

  it('writes an audit trail of preview, approval, execution', async () => {
    const w = await world();
    const id = await approved(w, '@club', 'hello world');
    await w.executor.execute(
      sendRequest('@club', 'hello world', { approval: id }),
      sendVia(w, '-1001111', 'x'),
    );
    await w.executor.execute(
      sendRequest('@club', 'hello world', { approval: id }),
      sendVia(w, '-1001111', 'x'),
    );
    await w.executor
      .execute(sendRequest('@other', 'x', { approval: id }), sendVia(w, '-1002222', 'x'))
      .catch(() => {});
    const events = await w.audit.read();
    expect(events.map((e) => e.event)).toEqual([
      'preview',
      'approved',
      'executed',
      'duplicate',
      'refused',
    ]);
    expect(events[1]).toMatchObject({ actor: 'operator:anna', request_id: id });
    expect(events[2]).toMatchObject({
      request_id: id,
      target: { id: '-1001111' },
      text: { length: 11, preview: 'hello world' },
      quota: ['group_msg'],
      result: { message_id: 1, chat_id: '-1001111' },
    });
    expect(events[4]).toMatchObject({ error_code: 'NOT_ALLOWLISTED' });
  });

  it('refuses writes with a refusal error, never calling fn', async () => {
    const w = await world({ TG_ACTIONS_ENABLED: '0' });
    let called = false;
    await expect(
      w.executor.execute(sendRequest('@club', 'x'), () => {
        called = true;
        return Promise.resolve(1);
      }),
    ).rejects.toMatchObject({ code: 'ACTIONS_DISABLED' });
    expect(called).toBe(false);
  });
});
