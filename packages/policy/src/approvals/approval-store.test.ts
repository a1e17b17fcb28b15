import { createManualClock } from '@tgmcp/ratelimit';
import { describe, expect, it } from 'vitest';
import {
  type ApprovalBinding,
  ApprovalError,
  createApprovalStore,
  memoryStateStore,
  payloadHash,
} from '../index.js';

function setup() {
  const clock = createManualClock();
  const state = memoryStateStore();
  const approvals = createApprovalStore({ store: state, ttlSec: 1800, minAgeSec: 30, clock });
  const preview = {
    account: '1',
    action: 'send_message',
    target: { id: '-1001111', title: 'Club', type: 'supergroup' },
    payload: { text: 'hello' },
    summary: 'send 5 chars to Club',
  };
  const binding: ApprovalBinding = {
    account: '1',
    action: 'send_message',
    targetId: '-1001111',
    payloadHash: payloadHash({
      account: '1',
      action: 'send_message',
      target: '-1001111',
      payload: { text: 'hello' },
    }),
  };
  return { clock, state, approvals, preview, binding };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApprovalError) return err.code;
    throw err;
  }
  return 'OK';
}

describe('approval store (operator mode)', () => {
  it('request -> approve -> claim (not consuming) -> consume -> used', async () => {
    const { clock, approvals, preview, binding } = setup();
    const t = await approvals.request(preview);
    expect(t.requestId).toMatch(/^apr_[A-Za-z0-9_-]{22}$/);
    expect(t.expiresAt - clock.now()).toBe(1_800_000);
    expect(t.executeAfter - clock.now()).toBe(30_000);
    expect(t.payloadHash).toBe(binding.payloadHash);
    expect((await approvals.pending()).map((p) => p.requestId)).toEqual([t.requestId]);

    expect(await codeOf(approvals.claim(t.requestId, binding))).toBe('APPROVAL_NOT_APPROVED');
    const view = await approvals.approve(t.requestId, 'operator:anna');
    expect(view.status).toBe('approved');
    expect(await approvals.pending()).toEqual([]);

    const early = approvals.claim(t.requestId, binding);
    await expect(early).rejects.toMatchObject({ code: 'APPROVAL_TOO_FRESH', retryAfterSec: 30 });
    await clock.advance(29_500);
    await expect(approvals.claim(t.requestId, binding)).rejects.toMatchObject({ retryAfterSec: 1 });
    await clock.advance(500);
    expect((await approvals.claim(t.requestId, binding)).status).toBe('approved');
    expect((await approvals.claim(t.requestId, binding)).status).toBe('approved');

    expect((await approvals.consume(t.requestId, binding)).status).toBe('used');
    expect(await codeOf(approvals.claim(t.requestId, binding))).toBe('APPROVAL_USED');
    expect(await codeOf(approvals.consume(t.requestId, binding))).toBe('APPROVAL_USED');
  });

  it('each refusal has its own code', async () => {
    const { clock, approvals, preview, binding } = setup();
    expect(await codeOf(approvals.claim(undefined, binding))).toBe('APPROVAL_REQUIRED');
    expect(await codeOf(approvals.claim('', binding))).toBe('APPROVAL_REQUIRED');
    expect(await codeOf(approvals.claim('apr_doesnotexist12345678', binding))).toBe(
      'APPROVAL_NOT_FOUND',
    );
    expect(await codeOf(approvals.claim('../../etc/passwd', binding))).toBe('APPROVAL_NOT_FOUND');
    const t = await approvals.request(preview);
    await approvals.approve(t.requestId, 'anna');
    await clock.advance(60_000);
    for (const [field, change] of [
      ['account', { account: '2' }],
      ['action', { action: 'send_file' }],
      ['target', { targetId: '-1002222' }],
      ['payload', { payloadHash: 'f'.repeat(64) }],
      ['force_resend', { forceResend: true }],
    ] as const) {
      await expect(approvals.claim(t.requestId, { ...binding, ...change })).rejects.toMatchObject({
        code: 'APPROVAL_MISMATCH',
        details: { mismatch: [field] },
      });
      await expect(approvals.consume(t.requestId, { ...binding, ...change })).rejects.toMatchObject(
        {
          code: 'APPROVAL_MISMATCH',
        },
      );
    }
    await clock.advance(1_800_000);
    expect(await codeOf(approvals.claim(t.requestId, binding))).toBe('APPROVAL_EXPIRED');
  });

  it('approve refuses expired, used and rejected requests', async () => {
    const { clock, approvals, preview, binding } = setup();
    const a = await approvals.request(preview);
    await clock.advance(1_800_000);
    expect(await codeOf(approvals.approve(a.requestId, 'anna'))).toBe('APPROVAL_EXPIRED');

    const b = await approvals.request(preview);
    await approvals.reject(b.requestId, 'anna');
    expect(await codeOf(approvals.approve(b.requestId, 'anna'))).toBe('APPROVAL_NOT_APPROVED');
    await clock.advance(60_000);
    await expect(approvals.claim(b.requestId, binding)).rejects.toThrow(/rejected/);

    const c = await approvals.request(preview);
    await approvals.approve(c.requestId, 'anna');
    await clock.advance(60_000);
    await approvals.consume(c.requestId, binding);
    expect(await codeOf(approvals.approve(c.requestId, 'anna'))).toBe('APPROVAL_USED');
  });

  it('refuses a preview whose hash does not match its contents', async () => {
    const { approvals, preview } = setup();
    await expect(
      approvals.request({ ...preview, payloadHash: '0'.repeat(64) }),
    ).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
  });

  it('prunes records a day after expiry', async () => {
    const { clock, approvals, preview, state } = setup();
    await approvals.request(preview);
    await clock.advance(1_800_000 + 86_400_000);
    expect((await approvals.prune()).removed).toBe(1);
    expect(await state.list('approval')).toEqual([]);
  });
});

describe('approval store (seed codes)', () => {
  it('delivers the code only to the callback, never in a return value or error', async () => {
    const { clock, approvals, preview, binding } = setup();
    const t = await approvals.request(preview);
    let code = '';
    const ticket = await approvals.issueCode(t.requestId, (c) => (code = c));
    expect(code).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(JSON.stringify(ticket)).not.toContain(code);
    expect(JSON.stringify(await approvals.get(t.requestId))).not.toContain(code);

    // The request id alone is not an approval in seed mode: the person relays the code.
    await clock.advance(30_000);
    expect(await codeOf(approvals.claim(t.requestId, binding))).toBe('APPROVAL_NOT_APPROVED');

    const errors: unknown[] = [];
    for (const b of [
      { ...binding, payloadHash: 'e'.repeat(64) },
      { ...binding, account: '9' },
    ]) {
      await approvals.claim({ code }, b).catch((e: unknown) => errors.push(e));
    }
    expect(errors).toHaveLength(2);
    for (const e of errors) {
      expect((e as ApprovalError).code).toBe('APPROVAL_MISMATCH');
      expect(JSON.stringify(e) + String(e) + (e as Error).stack).not.toContain(code);
    }

    expect((await approvals.claim({ code }, binding)).status).toBe('pending');
    await approvals.consume({ code }, binding);
    const replay = await approvals
      .claim({ code }, binding)
      .catch((e: unknown) => e as ApprovalError);
    expect(['APPROVAL_USED', 'APPROVAL_NOT_FOUND']).toContain((replay as ApprovalError).code);
  });

  it('a code is too fresh until min age after it was issued; only the latest code works', async () => {
    const { clock, approvals, preview, binding } = setup();
    const t = await approvals.request(preview);
    let first = '';
    let second = '';
    await approvals.issueCode(t.requestId, (c) => (first = c));
    await clock.advance(20_000);
    await approvals.issueCode(t.requestId, (c) => (second = c));
    await clock.advance(15_000);
    expect(await codeOf(approvals.claim({ code: first }, binding))).toBe('APPROVAL_NOT_FOUND');
    await expect(approvals.claim({ code: second }, binding)).rejects.toMatchObject({
      code: 'APPROVAL_TOO_FRESH',
      retryAfterSec: 15,
    });
    await clock.advance(15_000);
    expect(await codeOf(approvals.claim({ code: second }, binding))).toBe('OK');
    expect(await codeOf(approvals.claim({ code: 'garbage' }, binding))).toBe('APPROVAL_NOT_FOUND');
  });
});
