import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACCOUNT, type World, createWorld, sendRequest } from '../../test/helpers/world.js';
import { type WriteRequest, checkWrite } from '../index.js';

const root = await mkdtemp(path.join(tmpdir(), 'tgmcp-gates-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let n = 0;
const world = async (env: Record<string, string> = {}) =>
  createWorld(await mkdtemp(path.join(root, `w${n++}-`)), env);

const deps = (w: World) => ({ ...w, policy: w.policy });
async function codeOf(w: World, req: WriteRequest) {
  const r = await checkWrite(req, deps(w));
  return r.ok ? 'OK' : r.error.code;
}

describe('checkWrite gate order (section 6.2)', () => {
  it('unsafe policy first, naming the flags', async () => {
    const w = await world({ TG_ACTIONS_REQUIRE_APPROVAL_CODE: '0', TG_ACTIONS_ENABLED: '0' });
    const r = await checkWrite(sendRequest('@club', 'hi'), deps(w));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('ACTIONS_UNSAFE_POLICY');
    expect(r.error.message).toContain('TG_ACTIONS_REQUIRE_APPROVAL_CODE');
  });

  it('then disabled, empty allowlist, not allowlisted', async () => {
    expect(await codeOf(await world({ TG_ACTIONS_ENABLED: '0' }), sendRequest('@club', 'hi'))).toBe(
      'ACTIONS_DISABLED',
    );
    const empty = await world({ TG_ACTIONS_ALLOWED_GROUPS: '', TG_ACTIONS_UNSAFE_OVERRIDE: '1' });
    expect(await codeOf(empty, sendRequest('@club', 'hi'))).toBe('ALLOWLIST_EMPTY');
    const w = await world();
    expect(await codeOf(w, sendRequest('@other', 'hi'))).toBe('NOT_ALLOWLISTED');
    expect(await codeOf(w, sendRequest('@nobody', 'hi'))).toBe('TARGET_UNRESOLVED');
  });

  it('users only when listed themselves (D7), even with the allowlist not required', async () => {
    const w = await world();
    expect(await codeOf(w, sendRequest('@bob', 'hi', { dryRun: true }))).toBe('NOT_ALLOWLISTED');
    expect(await codeOf(w, sendRequest('@alice', 'hi', { dryRun: true }))).toBe('OK');
    const open = await world({
      TG_ACTIONS_ALLOWED_GROUPS: '',
      TG_ACTIONS_REQUIRE_ALLOWLIST: '0',
      TG_ACTIONS_UNSAFE_OVERRIDE: '1',
    });
    expect(await codeOf(open, sendRequest('@other', 'hi', { dryRun: true }))).toBe('OK');
    expect(await codeOf(open, sendRequest('@bob', 'hi', { dryRun: true }))).toBe('NOT_ALLOWLISTED');
  });

  it('the confirmation phrase gates seed mode only; elicit and operator approvals replace it', async () => {
    const w = await world();
    const noPhrase = sendRequest('@club', 'hi', { confirmationText: '' });
    const mode = async (approvalMode: 'seed' | 'operator' | 'elicit') => {
      const r = await checkWrite(noPhrase, { ...deps(w), approvalMode });
      return r.ok ? 'OK' : r.error.code;
    };
    expect(await mode('seed')).toBe('CONFIRMATION_TEXT_INVALID');
    expect(await mode('operator')).not.toBe('CONFIRMATION_TEXT_INVALID');
    expect(await mode('elicit')).not.toBe('CONFIRMATION_TEXT_INVALID');
    expect(await codeOf(w, noPhrase)).toBe('CONFIRMATION_TEXT_INVALID');
  });

  it('then confirm, confirmation text, content', async () => {
    const w = await world();
    expect(await codeOf(w, sendRequest('@club', 'hi', { confirm: false }))).toBe(
      'CONFIRM_REQUIRED',
    );
    expect(await codeOf(w, sendRequest('@club', 'hi', { confirmationText: 'ok' }))).toBe(
      'CONFIRMATION_TEXT_INVALID',
    );
    expect(await codeOf(w, sendRequest('@club', 'hi', { confirmationText: 'send it now' }))).toBe(
      'CONFIRMATION_TEXT_INVALID',
    );
    expect(await codeOf(w, sendRequest('@club', '   '))).toBe('MESSAGE_EMPTY');
    expect(await codeOf(w, sendRequest('@club', 'x'.repeat(2001)))).toBe('MESSAGE_TOO_LONG');
    // Telegram counts UTF-16 units: 1000 emoji are 2000 units (fits), 1001 are 2002 (too long).
    expect(await codeOf(w, sendRequest('@club', '😀'.repeat(1001), { dryRun: true }))).toBe(
      'MESSAGE_TOO_LONG',
    );
    expect(
      await codeOf(w, {
        ...sendRequest('@club', 'x'),
        action: 'send_file',
        text: undefined,
        caption: 'c'.repeat(1025),
        dryRun: true,
      }),
    ).toBe('MESSAGE_TOO_LONG');
  });

  it('never echoes the phrase', async () => {
    const w = await world({ TG_ACTIONS_CONFIRMATION_PHRASE: 'Secret-Go' });
    const r = await checkWrite(
      sendRequest('@club', 'hi', { confirmationText: 'wrong-text' }),
      deps(w),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(JSON.stringify({ m: r.error.message, d: r.error })).not.toMatch(/secret-go/i);
  });

  it('dry run passes without approval and hashes the canonical target', async () => {
    const w = await world();
    const a = await checkWrite(
      sendRequest('@club', 'hi', { dryRun: true, confirm: false }),
      deps(w),
    );
    const b = await checkWrite(sendRequest('-1001111', 'hi', { dryRun: true }), deps(w));
    expect(a.ok && b.ok).toBe(true);
    if (a.ok && b.ok) {
      expect(a.payloadHash).toBe(b.payloadHash);
      expect(a.target).toEqual({ id: '-1001111', type: 'supergroup', title: 'Club' });
      expect(a.quota).toEqual([{ kind: 'group_msg', n: 1 }]);
    }
  });

  it('execute without an approval: APPROVAL_REQUIRED; quota full: QUOTA_EXCEEDED', async () => {
    const w = await world({ MAX_GROUP_MSGS_PER_DAY: '0' });
    expect(await codeOf(w, sendRequest('@club', 'hi'))).toBe('APPROVAL_REQUIRED');
    const t = await w.executor.preview(sendRequest('@club', 'hi', { dryRun: true }));
    await w.executor.approve(t.requestId!, 'anna');
    await w.clock.advance(30_000);
    expect(await codeOf(w, sendRequest('@club', 'hi', { approval: t.requestId! }))).toBe(
      'QUOTA_EXCEEDED',
    );
  });

  it('account is part of every binding', async () => {
    const w = await world();
    const t = await w.executor.preview(sendRequest('@club', 'hi', { dryRun: true }));
    await w.executor.approve(t.requestId!, 'anna');
    await w.clock.advance(30_000);
    expect(
      await codeOf(w, {
        ...sendRequest('@club', 'hi', { approval: t.requestId! }),
        account: `${ACCOUNT}1`,
      }),
    ).toBe('APPROVAL_MISMATCH');
    expect(await codeOf(w, sendRequest('@club', 'hi', { approval: t.requestId! }))).toBe('OK');
  });
});
