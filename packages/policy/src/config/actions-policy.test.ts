import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PolicyConfigError, describePolicy, loadActionsPolicy } from '../index.js';

const dataDir = '/srv/tgmcp';
const SAFE = { TG_ACTIONS_ENABLED: '1', TG_ACTIONS_ALLOWED_GROUPS: '@club' };
const load = (env: Record<string, string>) =>
  loadActionsPolicy({ HOME: '/home/u', ...env }, { dataDir });

function configError(fn: () => unknown): PolicyConfigError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PolicyConfigError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('loadActionsPolicy', () => {
  it("keeps the seed's defaults (section 2.5)", () => {
    const p = load({});
    expect(p.enabled).toBe(false);
    expect(p.requireAllowlist).toBe(true);
    expect(p.maxMessageLen).toBe(2000);
    expect(p.maxFileMb).toBe(20);
    expect(p.confirmation.required).toBe(true);
    expect(p.confirmation.minLength).toBe(6);
    expect(p.confirmation.check('Отправляй ')).toBe('ok');
    expect(p.requireApproval).toBe(true);
    expect(p.approvalTtlSec).toBe(1800);
    expect(p.approvalMinAgeSec).toBe(30);
    expect(p.idempotencyEnabled).toBe(true);
    expect(p.idempotencyWindowSec).toBe(86_400);
    expect(p.batchTtlHours).toBe(168);
    expect(p.batchApprovalLeaseSec).toBe(86_400);
    expect(p.batchRunLeaseSec).toBe(1800);
    expect(p.dailyLimits).toEqual({ dm: 20, join: 20, group_msg: 30, first_contact: 5 });
    expect(p.approvalMode).toBeUndefined();
    expect(p.fileRoots).toEqual(['/srv/tgmcp/outbox']);
    expect(p.reportDir).toBe('/srv/tgmcp/reports');
    expect(p.auditFile).toBe('/srv/tgmcp/audit/actions.jsonl');
  });

  it('accepts 1/0/true/false/yes/no/on/off and refuses anything else naming the variable', () => {
    for (const v of ['1', 'true', 'YES', 'on'])
      expect(load({ TG_ACTIONS_ENABLED: v }).enabled).toBe(true);
    for (const v of ['0', 'false', 'No', 'off'])
      expect(load({ TG_ACTIONS_ENABLED: v }).enabled).toBe(false);
    const err = configError(() => load({ TG_ACTIONS_ENABLED: 'enable' }));
    expect(err.variable).toBe('TG_ACTIONS_ENABLED');
    expect(err.code).toBe('INVALID_CONFIG');
  });

  it('refuses non-integers and out-of-range numbers instead of defaulting (D20)', () => {
    expect(configError(() => load({ TG_ACTIONS_APPROVAL_TTL_SEC: '-5' })).variable).toBe(
      'TG_ACTIONS_APPROVAL_TTL_SEC',
    );
    expect(configError(() => load({ TG_ACTIONS_MAX_MESSAGE_LEN: '12.5' })).variable).toBe(
      'TG_ACTIONS_MAX_MESSAGE_LEN',
    );
    expect(configError(() => load({ TG_ACTIONS_MAX_MESSAGE_LEN: '5000' })).variable).toBe(
      'TG_ACTIONS_MAX_MESSAGE_LEN',
    );
    expect(configError(() => load({ TG_ACTIONS_IDEMPOTENCY_WINDOW_SEC: '0' })).variable).toBe(
      'TG_ACTIONS_IDEMPOTENCY_WINDOW_SEC',
    );
    expect(configError(() => load({ MAX_DM_PER_DAY: 'lots' })).variable).toBe('MAX_DM_PER_DAY');
    expect(configError(() => load({ TG_ACTIONS_APPROVAL_MODE: 'agent' })).variable).toBe(
      'TG_ACTIONS_APPROVAL_MODE',
    );
  });

  it('checks ranges between variables', () => {
    const e = configError(() =>
      load({ TG_ACTIONS_APPROVAL_TTL_SEC: '120', TG_ACTIONS_APPROVAL_MIN_AGE_SEC: '120' }),
    );
    expect(e.variable).toBe('TG_ACTIONS_APPROVAL_MIN_AGE_SEC');
    expect(configError(() => load({ TG_ACTIONS_MIN_CONFIRM_TEXT_LEN: '20' })).variable).toBe(
      'TG_ACTIONS_MIN_CONFIRM_TEXT_LEN',
    );
    expect(
      configError(() =>
        load({ TG_ACTIONS_IDEMPOTENCY_WINDOW_SEC: '60', TG_ACTIONS_IDEMPOTENCY_LEASE_SEC: '120' }),
      ).variable,
    ).toBe('TG_ACTIONS_IDEMPOTENCY_LEASE_SEC');
  });

  it('normalizes allowlist entries and refuses titles', () => {
    const p = load({
      TG_ACTIONS_ALLOWED_GROUPS: ' @Club , club, -1001234, https://t.me/news, +42 ',
    });
    expect(p.allowedTargets).toEqual(['@club', '-1001234', 'https://t.me/news', '42']);
    expect(configError(() => load({ TG_ACTIONS_ALLOWED_GROUPS: 'My Group' })).variable).toBe(
      'TG_ACTIONS_ALLOWED_GROUPS',
    );
  });

  it('a safe configuration allows writes', () => {
    const p = load(SAFE);
    expect(p.unsafeIssues).toEqual([]);
    expect(p.disabledReason).toBeNull();
    expect(p.writesAllowed).toBe(true);
  });

  it.each([
    ['TG_BLOCK_DIRECT_TELETHON_WRITE', '0'],
    ['TG_ALLOW_DIRECT_TELETHON_WRITE', 'true'],
    ['TG_ENFORCE_ACTION_PROCESS', 'off'],
    ['TG_ACTIONS_REQUIRE_ALLOWLIST', '0'],
    ['TG_ACTIONS_REQUIRE_CONFIRMATION_TEXT', 'no'],
    ['TG_ACTIONS_REQUIRE_APPROVAL_CODE', '0'],
    ['TG_ACTIONS_IDEMPOTENCY_ENABLED', 'false'],
    ['TG_AUTH_BOOTSTRAP', '1'],
    ['TG_ACTIONS_CONFIRMATION_PHRASE', '  '],
    ['TG_ACTIONS_MIN_CONFIRM_TEXT_LEN', '1'],
    ['TG_ACTIONS_APPROVAL_TTL_SEC', '172800'],
    ['TG_ACTIONS_IDEMPOTENCY_WINDOW_SEC', '60'],
    ['MAX_DM_PER_DAY', '500'],
    ['MAX_FIRST_CONTACT_PER_DAY', '51'],
    ['TG_ACTIONS_FILE_ROOTS', '/home/u'],
    ['TG_ACTIONS_FILE_ROOTS', '/srv/tgmcp/sessions'],
  ])('%s=%s without the override disables writes and names the flag', (name, value) => {
    const env: Record<string, string> = { ...SAFE, [name]: value };
    if (name === 'TG_ACTIONS_IDEMPOTENCY_WINDOW_SEC') env.TG_ACTIONS_IDEMPOTENCY_LEASE_SEC = '30';
    const p = load(env);
    expect(p.unsafeIssues.map((i) => i.variable)).toContain(name);
    expect(p.writesAllowed).toBe(false);
    expect(p.disabledReason).toContain('Unsafe write policy: ');
    expect(p.writesOffReason).toContain(name);
    expect(p.disabledReason).toContain(name);
    expect(p.disabledReason).toContain('TG_ACTIONS_UNSAFE_OVERRIDE=1');

    const overridden = load({ ...env, TG_ACTIONS_UNSAFE_OVERRIDE: '1' });
    expect(overridden.writesAllowed).toBe(true);
    expect(overridden.unsafeIssues.map((i) => i.variable)).toContain(name);
    expect(overridden.warnings.join(' ')).toContain(name);
  });

  it('a default setup: writes are off, nothing is called unsafe, what to set is named', () => {
    const p = load({});
    expect(p.writesAllowed).toBe(false);
    expect(p.unsafeIssues).toEqual([]);
    expect(p.disabledReason).toBeNull();
    expect(p.writesOffReason).toMatch(
      /^writes are off: set TG_ACTIONS_ENABLED=1 and TG_ACTIONS_ALLOWED_GROUPS=/,
    );
    expect(p.writesOffReason).not.toMatch(/unsafe|ActionMCP|tg-mcp/i);
  });

  it('an empty allowlist while required turns writes off without calling it unsafe', () => {
    const p = load({ TG_ACTIONS_ENABLED: '1' });
    expect(p.unsafeIssues).toEqual([]);
    expect(p.writesAllowed).toBe(false);
    expect(p.writesOffReason).toMatch(/^writes are off: set TG_ACTIONS_ALLOWED_GROUPS=/);
    const off = load({ TG_ACTIONS_ALLOWED_GROUPS: '@club' });
    expect(off.writesOffReason).toBe('writes are off: set TG_ACTIONS_ENABLED=1');
  });

  it('the minimum approval age is a safety floor in seed mode only', () => {
    const seed = load({
      ...SAFE,
      TG_ACTIONS_APPROVAL_MODE: 'seed',
      TG_ACTIONS_APPROVAL_MIN_AGE_SEC: '0',
    });
    expect(seed.unsafeIssues.map((i) => i.variable)).toEqual(['TG_ACTIONS_APPROVAL_MIN_AGE_SEC']);
    expect(seed.writesAllowed).toBe(false);
    expect(seed.writesOffReason).toContain('Unsafe write policy');
    for (const mode of ['operator', 'elicit', 'auto']) {
      const p = load({
        ...SAFE,
        TG_ACTIONS_APPROVAL_MODE: mode,
        TG_ACTIONS_APPROVAL_MIN_AGE_SEC: '0',
      });
      expect(p.unsafeIssues).toEqual([]);
      expect(p.writesAllowed).toBe(true);
      expect(describePolicy(p).approval_min_age_sec).toBeNull();
    }
    expect(describePolicy(seed).approval_min_age_sec).toBe(0);
  });

  it('warns that the seed state-file variables are ignored', () => {
    const p = load({ ...SAFE, TG_ACTIONS_APPROVAL_FILE: 'data/x.json' });
    expect(p.warnings[0]).toContain('TG_ACTIONS_APPROVAL_FILE is ignored');
  });
});

describe('describePolicy', () => {
  it('never contains the confirmation phrase, even a custom one', () => {
    const p = load({ ...SAFE, TG_ACTIONS_CONFIRMATION_PHRASE: 'Ship-It-Now-7' });
    const view = describePolicy(p);
    const dumps = [
      JSON.stringify(view),
      JSON.stringify(p),
      inspect(p, { depth: 10 }),
      `${JSON.stringify(p.confirmation)}`,
    ];
    for (const d of dumps) expect(d.toLowerCase()).not.toContain('ship-it-now-7');
    expect(JSON.stringify(describePolicy(load(SAFE)))).not.toContain('отправляй');
    expect(view.confirmation_phrase_set).toBe(true);
    expect(view.approval_mode).toBe('auto');
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  it('reports issues and the block reason', () => {
    const view = describePolicy(load({ ...SAFE, TG_ACTIONS_IDEMPOTENCY_ENABLED: '0' }));
    expect(view.writes_allowed).toBe(false);
    expect(view.unsafe_policy_issues).toEqual(['TG_ACTIONS_IDEMPOTENCY_ENABLED is off']);
    expect(view.safe_startup_block_reason).toContain('TG_ACTIONS_IDEMPOTENCY_ENABLED');
  });
});
