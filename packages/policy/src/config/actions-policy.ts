// The actions policy from the seed's TG_ACTIONS_* and MAX_*_PER_DAY variables (section 2.5),
// same names and defaults, parsed strictly (D19/D20), and the startup fail-closed check of
// section 6.1 widened to what the seed missed (D20/D21).
import { homedir } from 'node:os';
import path from 'node:path';
import { type Env, absolutePath, bool, csv, int, oneOf } from '@tgmcp/core';
import { PolicyConfigError } from '../errors.js';
import { ConfirmationRule } from './confirmation.js';
import { read } from './parse.js';
import { type SafetyIssue, findSafetyIssues } from './safety.js';

export type ApprovalMode = 'elicit' | 'operator' | 'seed';
export type QuotaKind = 'dm' | 'join' | 'group_msg' | 'first_contact';

export interface ActionsPolicy {
  /** TG_ACTIONS_ENABLED (default off). */
  enabled: boolean;
  /** True only when enabled and no unresolved safety issue blocks writes. */
  writesAllowed: boolean;
  /** Why writes are force-disabled (section 6.1), or null. Names every flag involved. */
  disabledReason: string | null;
  /**
   * Why writes are off, in one line naming what to set (not enabled, empty allowlist, unsafe
   * settings), or null when writes are allowed. "Unsafe" appears only for unsafe settings.
   */
  writesOffReason: string | null;
  unsafeIssues: SafetyIssue[];
  unsafeOverride: boolean;
  requireAllowlist: boolean;
  /** TG_ACTIONS_ALLOWED_GROUPS entries, normalized (`@name` lowercased, ids, t.me links). */
  allowedTargets: string[];
  maxMessageLen: number;
  maxFileMb: number;
  confirmation: ConfirmationRule;
  /** TG_ACTIONS_REQUIRE_APPROVAL_CODE: an approval (code, operator or elicitation) is required. */
  requireApproval: boolean;
  /** undefined = decided by the server from the client's capabilities. */
  approvalMode: ApprovalMode | undefined;
  approvalTtlSec: number;
  /**
   * TG_ACTIONS_APPROVAL_MIN_AGE_SEC: the wait between a seed-mode code and its use. Seed mode only:
   * approvals by a person (elicitation, operator CLI) are usable at once.
   */
  approvalMinAgeSec: number;
  idempotencyEnabled: boolean;
  idempotencyWindowSec: number;
  /** A `pending` claim older than this is reported as IN_DOUBT, never re-sent silently. */
  idempotencyLeaseSec: number;
  batchTtlHours: number;
  batchApprovalLeaseSec: number;
  batchRunLeaseSec: number;
  dailyLimits: Record<QuotaKind, number>;
  dataDir: string;
  /** `<dataDir>/state/actions`: approvals, idempotency, pins. */
  stateDir: string;
  /** `<dataDir>/audit/actions.jsonl`. */
  auditFile: string;
  fileRoots: string[];
  reportDir: string;
  writeGuard: {
    blockDirectWrite: boolean;
    allowDirectWrite: boolean;
    enforceActionProcess: boolean;
    authBootstrap: boolean;
  };
  warnings: string[];
}

export interface LoadActionsPolicyOptions {
  /** Overrides TG_DATA_DIR (tests). */
  dataDir?: string;
}

export const DEFAULT_CONFIRMATION_PHRASE = 'отправляй';
export const DEFAULT_DAILY_ACTION_LIMITS: Readonly<Record<QuotaKind, number>> = Object.freeze({
  dm: 20,
  join: 20,
  group_msg: 30,
  first_contact: 5,
});

/** Normalizes one allowlist entry; titles are refused (D5/D6: no titles, no partial matches). */
function allowlistEntry(item: string): string {
  if (/\s/.test(item)) {
    throw new PolicyConfigError(
      'TG_ACTIONS_ALLOWED_GROUPS',
      `'${item}' looks like a title; use @username, a t.me link or a numeric id`,
    );
  }
  if (/^[+-]?\d+$/.test(item)) return String(BigInt(item));
  if (/^(https?:\/\/)?(t|telegram)\.me\//i.test(item)) return item;
  const name = item.replace(/^@/, '').toLowerCase();
  if (!/^[a-z0-9_]{4,32}$/.test(name)) {
    throw new PolicyConfigError(
      'TG_ACTIONS_ALLOWED_GROUPS',
      `'${item}' is not a username, t.me link or numeric id`,
    );
  }
  return `@${name}`;
}

export function loadActionsPolicy(
  env: Env = process.env,
  options: LoadActionsPolicyOptions = {},
): ActionsPolicy {
  const home = env.HOME || homedir();
  const xdg =
    env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME)
      ? env.XDG_DATA_HOME
      : path.join(home, '.local', 'share');
  const dataDir =
    options.dataDir ?? read(env, 'TG_DATA_DIR', absolutePath(home)) ?? path.join(xdg, 'tgmcp');

  const flag = (name: string, fallback: boolean) => read(env, name, bool) ?? fallback;
  const num = (name: string, fallback: number, min: number, max: number) =>
    read(env, name, int(min, max)) ?? fallback;

  // An explicitly empty phrase is the seed's "any text" (D21): reported as unsafe, not defaulted.
  const rawPhrase = env.TG_ACTIONS_CONFIRMATION_PHRASE;
  const phraseEmpty = rawPhrase !== undefined && rawPhrase.trim() === '';
  const phrase = phraseEmpty
    ? null
    : (rawPhrase?.trim().toLowerCase() ?? DEFAULT_CONFIRMATION_PHRASE);
  const requireConfirmation = flag('TG_ACTIONS_REQUIRE_CONFIRMATION_TEXT', true);
  const minConfirm = num('TG_ACTIONS_MIN_CONFIRM_TEXT_LEN', 6, 1, 256);
  if (phrase !== null && minConfirm > [...phrase].length) {
    throw new PolicyConfigError(
      'TG_ACTIONS_MIN_CONFIRM_TEXT_LEN',
      `${minConfirm} is longer than TG_ACTIONS_CONFIRMATION_PHRASE: no confirmation could pass`,
    );
  }

  const approvalTtlSec = num('TG_ACTIONS_APPROVAL_TTL_SEC', 1800, 60, 604_800);
  const approvalMinAgeSec = num('TG_ACTIONS_APPROVAL_MIN_AGE_SEC', 30, 0, 86_400);
  if (approvalMinAgeSec >= approvalTtlSec) {
    throw new PolicyConfigError(
      'TG_ACTIONS_APPROVAL_MIN_AGE_SEC',
      `${approvalMinAgeSec} must be less than TG_ACTIONS_APPROVAL_TTL_SEC (${approvalTtlSec})`,
    );
  }
  const idempotencyWindowSec = num('TG_ACTIONS_IDEMPOTENCY_WINDOW_SEC', 86_400, 1, 2_592_000);
  const idempotencyLeaseSec = num('TG_ACTIONS_IDEMPOTENCY_LEASE_SEC', 300, 5, 86_400);
  if (idempotencyLeaseSec > idempotencyWindowSec) {
    throw new PolicyConfigError(
      'TG_ACTIONS_IDEMPOTENCY_LEASE_SEC',
      `${idempotencyLeaseSec} must not exceed TG_ACTIONS_IDEMPOTENCY_WINDOW_SEC (${idempotencyWindowSec})`,
    );
  }

  const rootPath = absolutePath(home);
  const fileRoots = csv(env, 'TG_ACTIONS_FILE_ROOTS').map((item) => {
    const root = rootPath.safeParse(item);
    if (!root.success) {
      throw new PolicyConfigError(
        'TG_ACTIONS_FILE_ROOTS',
        `'${item}' must be an absolute path or start with ~/`,
      );
    }
    return root.data;
  });

  const warnings: string[] = [];
  const stateDir = path.join(dataDir, 'state', 'actions');
  for (const name of [
    'TG_ACTIONS_APPROVAL_FILE',
    'TG_ACTIONS_IDEMPOTENCY_FILE',
    'TG_ACTIONS_BATCH_FILE',
  ]) {
    if (env[name]?.trim()) warnings.push(`${name} is ignored: action state lives in ${stateDir}`);
  }

  const partial = {
    enabled: flag('TG_ACTIONS_ENABLED', false),
    unsafeOverride: flag('TG_ACTIONS_UNSAFE_OVERRIDE', false),
    requireAllowlist: flag('TG_ACTIONS_REQUIRE_ALLOWLIST', true),
    allowedTargets: [...new Set(csv(env, 'TG_ACTIONS_ALLOWED_GROUPS').map(allowlistEntry))],
    maxMessageLen: num('TG_ACTIONS_MAX_MESSAGE_LEN', 2000, 1, 4096),
    maxFileMb: num('TG_ACTIONS_MAX_FILE_MB', 20, 1, 2000),
    confirmation: new ConfirmationRule(requireConfirmation, phrase, minConfirm),
    requireApproval: flag('TG_ACTIONS_REQUIRE_APPROVAL_CODE', true),
    approvalMode: read(
      env,
      'TG_ACTIONS_APPROVAL_MODE',
      oneOf(['elicit', 'operator', 'seed', 'auto'] as const),
    ),
    approvalTtlSec,
    approvalMinAgeSec,
    idempotencyEnabled: flag('TG_ACTIONS_IDEMPOTENCY_ENABLED', true),
    idempotencyWindowSec,
    idempotencyLeaseSec,
    batchTtlHours: num('TG_ACTIONS_BATCH_TTL_HOURS', 168, 1, 720),
    batchApprovalLeaseSec: num('TG_ACTIONS_BATCH_APPROVAL_LEASE_SEC', 86_400, 60, 604_800),
    batchRunLeaseSec: num('TG_ACTIONS_BATCH_RUN_LEASE_SEC', 1800, 10, 86_400),
    dailyLimits: {
      dm: num('MAX_DM_PER_DAY', 20, 0, 10_000),
      join: num('MAX_JOINS_PER_DAY', 20, 0, 10_000),
      group_msg: num('MAX_GROUP_MSGS_PER_DAY', 30, 0, 10_000),
      first_contact: num('MAX_FIRST_CONTACT_PER_DAY', 5, 0, 10_000),
    },
    dataDir,
    stateDir,
    auditFile: path.join(dataDir, 'audit', 'actions.jsonl'),
    fileRoots: fileRoots.length > 0 ? fileRoots : [path.join(dataDir, 'outbox')],
    reportDir:
      read(env, 'TG_ACTIONS_REPORT_DIR', absolutePath(home)) ?? path.join(dataDir, 'reports'),
    writeGuard: {
      blockDirectWrite: flag('TG_BLOCK_DIRECT_TELETHON_WRITE', true),
      allowDirectWrite: flag('TG_ALLOW_DIRECT_TELETHON_WRITE', false),
      enforceActionProcess: flag('TG_ENFORCE_ACTION_PROCESS', true),
      authBootstrap: flag('TG_AUTH_BOOTSTRAP', false),
    },
    warnings,
  };
  const approvalMode = partial.approvalMode === 'auto' ? undefined : partial.approvalMode;

  const unsafeIssues = findSafetyIssues({ ...partial, approvalMode, phraseEmpty, home });
  const blocked = unsafeIssues.length > 0 && !partial.unsafeOverride;
  const disabledReason = blocked
    ? `Unsafe write policy: ${unsafeIssues.map((i) => i.message).join('; ')}. ` +
      'Restore the safe settings, or set TG_ACTIONS_UNSAFE_OVERRIDE=1 to accept the risk.'
    : null;
  const allowlistEmpty = partial.requireAllowlist && partial.allowedTargets.length === 0;
  const missing = [
    ...(partial.enabled ? [] : ['TG_ACTIONS_ENABLED=1']),
    ...(allowlistEmpty
      ? ['TG_ACTIONS_ALLOWED_GROUPS=@chat,-100... (the chats writes may go to)']
      : []),
  ];
  const offParts = [
    ...(missing.length > 0 ? [`writes are off: set ${missing.join(' and ')}`] : []),
    ...(disabledReason ? [disabledReason] : []),
  ];
  const writesOffReason = offParts.length > 0 ? offParts.join('. ') : null;
  if (!blocked && unsafeIssues.length > 0) {
    warnings.push(
      `TG_ACTIONS_UNSAFE_OVERRIDE=1 keeps writes on despite: ${unsafeIssues.map((i) => i.variable).join(', ')}`,
    );
  }

  return {
    ...partial,
    approvalMode,
    unsafeIssues,
    disabledReason,
    writesOffReason,
    writesAllowed: writesOffReason === null,
  };
}
