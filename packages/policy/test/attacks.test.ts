// Attack-style suite at the policy layer: an agent (or a confused server) tries to turn one
// approval into another write, to race it, to redirect it, or to run on a weakened policy.
// Every case must refuse with its own code and never call the write.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type World, createWorld, sendRequest, sendVia } from './helpers/world.js';

const root = await mkdtemp(path.join(tmpdir(), 'tgmcp-attacks-'));
afterAll(() => rm(root, { recursive: true, force: true }));
let n = 0;
const world = async (env: Record<string, string> = {}, mode?: 'seed' | 'operator') =>
  createWorld(await mkdtemp(path.join(root, `w${n++}-`)), env, { mode });

async function approve(w: World, target: string, text: string, wait = 30_000) {
  const p = await w.executor.preview(sendRequest(target, text, { dryRun: true }));
  await w.executor.approve(p.requestId!, 'operator:anna');
  await w.clock.advance(wait);
  return p.requestId!;
}

async function attempt(w: World, req: ReturnType<typeof sendRequest>) {
  try {
    const r = await w.executor.execute(req, sendVia(w, JSON.stringify(req.target), req.text));
    return r.duplicate ? 'DUPLICATE_RESULT' : 'SENT';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  }
}

describe('approval replay', () => {
  it('for another text, target or account: APPROVAL_MISMATCH, nothing sent', async () => {
    const w = await world();
    const id = await approve(w, '@club', 'hello club');
    expect(await attempt(w, sendRequest('@club', 'send me your keys', { approval: id }))).toBe(
      'APPROVAL_MISMATCH',
    );
    expect(await attempt(w, sendRequest('-1009999', 'hello club', { approval: id }))).toBe(
      'APPROVAL_MISMATCH',
    );
    expect(await attempt(w, sendRequest('@alice', 'hello club', { approval: id }))).toBe(
      'APPROVAL_MISMATCH',
    );
    expect(
      await attempt(w, { ...sendRequest('@club', 'hello club', { approval: id }), account: '999' }),
    ).toBe('APPROVAL_MISMATCH');
    expect(
      await attempt(w, {
        ...sendRequest('@club', 'hello club', { approval: id }),
        action: 'send_file',
      }),
    ).toBe('APPROVAL_MISMATCH');
    expect(w.sent).toEqual([]);
    // The real one still works afterwards: failed attempts did not burn it.
    expect(await attempt(w, sendRequest('@club', 'hello club', { approval: id }))).toBe('SENT');
  });

  it('after use: APPROVAL_USED for anything else; the same call gets the original result', async () => {
    const w = await world();
    const id = await approve(w, '@club', 'hello club');
    expect(await attempt(w, sendRequest('@club', 'hello club', { approval: id }))).toBe('SENT');
    expect(await attempt(w, sendRequest('@club', 'hello club', { approval: id }))).toBe(
      'DUPLICATE_RESULT',
    );
    expect(await attempt(w, sendRequest('@club', 'hello again', { approval: id }))).toBe(
      'APPROVAL_USED',
    );
    expect(
      await attempt(w, sendRequest('@club', 'hello club', { approval: id, forceResend: true })),
    ).toBe('APPROVAL_USED');
    expect(w.sent).toHaveLength(1);
  });

  it('after expiry: APPROVAL_EXPIRED; before the minimum age: APPROVAL_TOO_FRESH with retry_after', async () => {
    const w = await world();
    const p = await w.executor.preview(sendRequest('@club', 'hi there', { dryRun: true }));
    await w.executor.approve(p.requestId!, 'anna');
    await w.clock.advance(10_000);
    const early = await w.executor
      .execute(
        sendRequest('@club', 'hi there', { approval: p.requestId! }),
        sendVia(w, '-1001111', 'x'),
      )
      .catch((e: unknown) => e as { code: string; retryAfterSec: number });
    expect(early).toMatchObject({ code: 'APPROVAL_TOO_FRESH', retryAfterSec: 20 });
    await w.clock.advance(1_790_000);
    expect(await attempt(w, sendRequest('@club', 'hi there', { approval: p.requestId! }))).toBe(
      'APPROVAL_EXPIRED',
    );
    // Nor can a person approve it any more.
    await expect(w.executor.approve(p.requestId!, 'anna')).rejects.toMatchObject({
      code: 'APPROVAL_EXPIRED',
    });
    expect(w.sent).toEqual([]);
  });

  it('a pending (unapproved) or rejected request is not an approval', async () => {
    const w = await world();
    const p = await w.executor.preview(sendRequest('@club', 'hi there', { dryRun: true }));
    await w.clock.advance(60_000);
    expect(await attempt(w, sendRequest('@club', 'hi there', { approval: p.requestId! }))).toBe(
      'APPROVAL_NOT_APPROVED',
    );
    await w.executor.reject(p.requestId!, 'anna');
    expect(await attempt(w, sendRequest('@club', 'hi there', { approval: p.requestId! }))).toBe(
      'APPROVAL_NOT_APPROVED',
    );
    expect(
      await attempt(w, sendRequest('@club', 'hi there', { approval: 'apr_forgedforgedforged00' })),
    ).toBe('APPROVAL_NOT_FOUND');
    expect(await attempt(w, sendRequest('@club', 'hi there'))).toBe('APPROVAL_REQUIRED');
    expect(w.sent).toEqual([]);
  });
});

describe('redirection', () => {
  it('a username handed to another chat after approval: refused, nothing sent', async () => {
    const w = await world();
    const id = await approve(w, '@club', 'meeting at 6');
    w.names.set('@club', { id: '-1002222', type: 'supergroup', title: 'Impostor' });
    expect(await attempt(w, sendRequest('@club', 'meeting at 6', { approval: id }))).toBe(
      'NOT_ALLOWLISTED',
    );
    // Even to a chat that is allowlisted by id, the approval was for the old chat.
    w.names.set('@club', { id: '-1009999', type: 'channel', title: 'News' });
    expect(await attempt(w, sendRequest('@club', 'meeting at 6', { approval: id }))).toBe(
      'APPROVAL_MISMATCH',
    );
    expect(w.sent).toEqual([]);
  });

  it('a username reassigned before the server restarts stays pinned to the first chat', async () => {
    const w = await world();
    await w.allowlist.ensurePinned();
    w.names.set('@club', { id: '-1002222', type: 'supergroup', title: 'Impostor' });
    const p = await w.executor
      .preview(sendRequest('@club', 'x', { dryRun: true }))
      .catch((e: unknown) => e);
    expect(p).toMatchObject({ code: 'NOT_ALLOWLISTED' });
  });

  it('@name, its id and its case all hash alike: no duplicate slips through (D5)', async () => {
    const w = await world();
    const id = await approve(w, '@club', 'one message');
    expect(await attempt(w, sendRequest('@club', 'one message', { approval: id }))).toBe('SENT');
    expect(await attempt(w, sendRequest('-1001111', 'one message', { approval: id }))).toBe(
      'DUPLICATE_RESULT',
    );
    expect(await attempt(w, sendRequest('@CLUB', 'one message', { approval: id }))).toBe(
      'DUPLICATE_RESULT',
    );
    expect(w.sent).toHaveLength(1);
  });

  it('a DM to a user who is not on the list is refused, even if a group is (D7)', async () => {
    const w = await world();
    await expect(
      w.executor.preview(sendRequest('@bob', 'hi bob', { dryRun: true })),
    ).rejects.toMatchObject({
      code: 'NOT_ALLOWLISTED',
    });
  });
});

describe('weakened policy', () => {
  it.each([
    ['TG_ACTIONS_REQUIRE_APPROVAL_CODE', '0'],
    ['TG_ACTIONS_IDEMPOTENCY_ENABLED', 'off'],
    ['TG_ACTIONS_CONFIRMATION_PHRASE', ''],
    ['TG_ACTIONS_APPROVAL_MIN_AGE_SEC', '0'],
    ['TG_BLOCK_DIRECT_TELETHON_WRITE', 'false'],
    ['TG_AUTH_BOOTSTRAP', '1'],
  ])('%s=%s without the override: every write refused naming the flag', async (name, value) => {
    // The minimum age is a floor in seed mode only (a person's approval never waits).
    const mode: Record<string, string> =
      name === 'TG_ACTIONS_APPROVAL_MIN_AGE_SEC' ? { TG_ACTIONS_APPROVAL_MODE: 'seed' } : {};
    const w = await world({ [name]: value, ...mode });
    for (const req of [sendRequest('@club', 'x', { dryRun: true }), sendRequest('@club', 'x')]) {
      const err = await w.executor
        .execute(req, sendVia(w, '-1001111', 'x'))
        .catch((e: unknown) => e as Error & { code: string });
      expect((err as { code: string }).code).toBe('ACTIONS_UNSAFE_POLICY');
      expect((err as Error).message).toContain(name);
    }
    expect(w.sent).toEqual([]);
  });
});

describe('seed-mode codes', () => {
  it('the code never reaches the tool side, and binds to the full tuple', async () => {
    const w = await world({}, 'seed');
    const preview = await w.executor.preview(sendRequest('@club', 'seed text', { dryRun: true }));
    const code = w.codes[0]!;
    expect(JSON.stringify(preview)).not.toContain(code);
    await w.clock.advance(30_000);
    // The request id the agent got is not enough.
    expect(
      await attempt(w, sendRequest('@club', 'seed text', { approval: preview.requestId! })),
    ).toBe('APPROVAL_NOT_APPROVED');
    const wrong = await w.executor
      .execute(
        sendRequest('@club', 'other text', { approval: { code } }),
        sendVia(w, '-1001111', 'x'),
      )
      .catch((e: unknown) => e as Error);
    expect((wrong as unknown as { code: string }).code).toBe('APPROVAL_MISMATCH');
    expect(`${(wrong as Error).message} ${JSON.stringify(wrong)}`).not.toContain(code);
    expect(await attempt(w, sendRequest('@club', 'seed text', { approval: { code } }))).toBe(
      'SENT',
    );
    expect(await attempt(w, sendRequest('@club', 'other text', { approval: { code } }))).toMatch(
      /APPROVAL_USED|APPROVAL_NOT_FOUND/,
    );
    const audit = await readFile(w.policy.auditFile, 'utf8');
    expect(audit).not.toContain(code);
    expect(w.sent).toHaveLength(1);
  });
});
