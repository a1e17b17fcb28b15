// The startup fail-closed check (section 6.1), extended to what the seed did not detect (D20,
// D21): numeric weakening, an empty phrase, TG_AUTH_BOOTSTRAP=1, file roots over the data dir
// or $HOME (compared by real path).
import path from 'node:path';
import { isInside, realPathOf } from '@tgmcp/core';
import type { ConfirmationRule } from './confirmation.js';

export interface SafetyIssue {
  /** The variable to fix. */
  variable: string;
  /** Human text, starting with the variable's name. */
  message: string;
}

/** Beyond these a setting is "weakened" and needs TG_ACTIONS_UNSAFE_OVERRIDE=1. */
export const SAFETY_FLOORS = Object.freeze({
  minConfirmTextLen: 4,
  approvalMinAgeSec: 10,
  approvalTtlSecMax: 86_400,
  idempotencyWindowSec: 600,
  dailyLimitsMax: { dm: 100, join: 100, group_msg: 300, first_contact: 50 },
});

interface Input {
  /** The configured approval mode; the minimum age only guards seed mode's model-relayed code. */
  approvalMode: 'elicit' | 'operator' | 'seed' | undefined;
  requireAllowlist: boolean;
  allowedTargets: string[];
  confirmation: ConfirmationRule;
  phraseEmpty: boolean;
  requireApproval: boolean;
  approvalTtlSec: number;
  approvalMinAgeSec: number;
  idempotencyEnabled: boolean;
  idempotencyWindowSec: number;
  dailyLimits: Record<string, number>;
  dataDir: string;
  fileRoots: string[];
  home: string;
  writeGuard: {
    blockDirectWrite: boolean;
    allowDirectWrite: boolean;
    enforceActionProcess: boolean;
    authBootstrap: boolean;
  };
}

export function findSafetyIssues(p: Input): SafetyIssue[] {
  const issues: SafetyIssue[] = [];
  const add = (variable: string, text: string) =>
    issues.push({ variable, message: `${variable} ${text}` });

  // The seed's seven, in the seed's order.
  if (!p.writeGuard.blockDirectWrite) add('TG_BLOCK_DIRECT_TELETHON_WRITE', 'is off');
  if (p.writeGuard.allowDirectWrite) add('TG_ALLOW_DIRECT_TELETHON_WRITE', 'is on');
  if (!p.writeGuard.enforceActionProcess) add('TG_ENFORCE_ACTION_PROCESS', 'is off');
  // An empty allowlist is not unsafe (nothing can be written): it is reported as "writes are off".
  if (!p.requireAllowlist) add('TG_ACTIONS_REQUIRE_ALLOWLIST', 'is off');
  if (!p.confirmation.required) add('TG_ACTIONS_REQUIRE_CONFIRMATION_TEXT', 'is off');
  if (!p.requireApproval) add('TG_ACTIONS_REQUIRE_APPROVAL_CODE', 'is off');
  if (!p.idempotencyEnabled) add('TG_ACTIONS_IDEMPOTENCY_ENABLED', 'is off');

  // What the seed missed.
  if (p.writeGuard.authBootstrap) add('TG_AUTH_BOOTSTRAP', 'is on (login RPCs pass the guard)');
  if (p.confirmation.required && p.phraseEmpty)
    add('TG_ACTIONS_CONFIRMATION_PHRASE', 'is empty (any text would confirm)');
  if (p.confirmation.required && p.confirmation.minLength < SAFETY_FLOORS.minConfirmTextLen)
    add(
      'TG_ACTIONS_MIN_CONFIRM_TEXT_LEN',
      `is below ${SAFETY_FLOORS.minConfirmTextLen} (${p.confirmation.minLength})`,
    );
  // The minimum age applies to seed mode only: there the model relays a code, and the wait gives
  // the operator time to notice a code they did not mean to hand over. A person who approved in
  // their client (elicit) or terminal (operator) has already decided: they never wait.
  if (
    p.requireApproval &&
    p.approvalMode === 'seed' &&
    p.approvalMinAgeSec < SAFETY_FLOORS.approvalMinAgeSec
  )
    add(
      'TG_ACTIONS_APPROVAL_MIN_AGE_SEC',
      `is below ${SAFETY_FLOORS.approvalMinAgeSec}s (${p.approvalMinAgeSec}) in seed mode`,
    );
  if (p.requireApproval && p.approvalTtlSec > SAFETY_FLOORS.approvalTtlSecMax)
    add(
      'TG_ACTIONS_APPROVAL_TTL_SEC',
      `is above ${SAFETY_FLOORS.approvalTtlSecMax}s (${p.approvalTtlSec})`,
    );
  if (p.idempotencyEnabled && p.idempotencyWindowSec < SAFETY_FLOORS.idempotencyWindowSec)
    add(
      'TG_ACTIONS_IDEMPOTENCY_WINDOW_SEC',
      `is below ${SAFETY_FLOORS.idempotencyWindowSec}s (${p.idempotencyWindowSec})`,
    );
  const names: Record<string, string> = {
    dm: 'MAX_DM_PER_DAY',
    join: 'MAX_JOINS_PER_DAY',
    group_msg: 'MAX_GROUP_MSGS_PER_DAY',
    first_contact: 'MAX_FIRST_CONTACT_PER_DAY',
  };
  for (const [kind, max] of Object.entries(SAFETY_FLOORS.dailyLimitsMax)) {
    const value = p.dailyLimits[kind] ?? 0;
    if (value > max) add(names[kind]!, `is above ${max} (${value}): risks PEER_FLOOD and bans`);
  }
  // Real paths: a root that is a symlink to the data dir or $HOME is that dir (item 8).
  const dataDir = realPathOf(p.dataDir);
  const home = realPathOf(p.home);
  const secret = ['sessions', 'state', 'audit'].map((d) => realPathOf(path.join(p.dataDir, d)));
  for (const configured of p.fileRoots) {
    const root = realPathOf(configured);
    if (
      isInside(root, dataDir) ||
      isInside(root, home) ||
      secret.some((dir) => isInside(dir, root) || isInside(root, dir))
    )
      add('TG_ACTIONS_FILE_ROOTS', `includes ${configured}, which holds sessions, state or home`);
  }
  return issues;
}
