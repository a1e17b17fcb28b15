// The JSON view of the policy for tg_get_actions_policy. It never contains the confirmation
// phrase (D22), only whether one is set.
import type { ActionsPolicy } from './actions-policy.js';

export interface PolicyView {
  server_profile: 'actions';
  actions_enabled: boolean;
  writes_allowed: boolean;
  /** Why writes are off and what to set, or null. */
  writes_off_reason: string | null;
  require_allowlist: boolean;
  allowed_targets: string[];
  max_message_len: number;
  max_file_mb: number;
  require_confirmation_text: boolean;
  confirmation_phrase_set: boolean;
  min_confirmation_text_len: number;
  require_approval_code: boolean;
  approval_mode: 'elicit' | 'operator' | 'seed' | 'auto';
  approval_ttl_sec: number;
  /** Seed mode only: a person's approval (elicit, operator) is usable at once. */
  approval_min_age_sec: number | null;
  idempotency_enabled: boolean;
  idempotency_window_sec: number;
  idempotency_lease_sec: number;
  batch_default_ttl_hours: number;
  batch_approval_lease_sec: number;
  batch_run_lease_sec: number;
  daily_limits: Record<string, number>;
  file_roots: string[];
  report_dir: string;
  unsafe_override: boolean;
  unsafe_policy_issues: string[];
  safe_startup_block_reason: string | null;
  destructive_actions_require_confirm: true;
  default_dry_run_for_member_actions: true;
  recommended_write_flow: string[];
}

export function describePolicy(policy: ActionsPolicy): PolicyView {
  return {
    server_profile: 'actions',
    actions_enabled: policy.enabled,
    writes_allowed: policy.writesAllowed,
    writes_off_reason: policy.writesOffReason,
    require_allowlist: policy.requireAllowlist,
    allowed_targets: [...policy.allowedTargets].sort(),
    max_message_len: policy.maxMessageLen,
    max_file_mb: policy.maxFileMb,
    require_confirmation_text: policy.confirmation.required,
    confirmation_phrase_set: policy.confirmation.phraseSet,
    min_confirmation_text_len: policy.confirmation.minLength,
    require_approval_code: policy.requireApproval,
    approval_mode: policy.approvalMode ?? 'auto',
    approval_ttl_sec: policy.approvalTtlSec,
    approval_min_age_sec:
      policy.requireApproval && policy.approvalMode === 'seed' ? policy.approvalMinAgeSec : null,
    idempotency_enabled: policy.idempotencyEnabled,
    idempotency_window_sec: policy.idempotencyWindowSec,
    idempotency_lease_sec: policy.idempotencyLeaseSec,
    batch_default_ttl_hours: policy.batchTtlHours,
    batch_approval_lease_sec: policy.batchApprovalLeaseSec,
    batch_run_lease_sec: policy.batchRunLeaseSec,
    daily_limits: { ...policy.dailyLimits },
    file_roots: [...policy.fileRoots],
    report_dir: policy.reportDir,
    unsafe_override: policy.unsafeOverride,
    unsafe_policy_issues: policy.unsafeIssues.map((i) => i.message),
    safe_startup_block_reason: policy.disabledReason,
    destructive_actions_require_confirm: true,
    default_dry_run_for_member_actions: true,
    recommended_write_flow: [
      'Call the write tool with dry_run=true: it resolves the target and returns a preview with an approval request id.',
      'A person approves the request out of band (client prompt, or `tgmcp-actions approve <id>` in a terminal).',
      'Call the tool again with the same arguments, confirm=true, the confirmation text and the request id.',
      'A repeated call returns the original result marked duplicate; never resend by hand.',
    ],
  };
}
