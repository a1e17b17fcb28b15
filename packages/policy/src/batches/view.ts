// What callers see of a batch: the computed status, counts per group state, the preview, and
// the next step in words for the agent or the person.
import { batchPreviewHash, batchPreviewText } from './preview.js';
import {
  type BatchCounts,
  type BatchGroupRecord,
  type BatchGroupState,
  type BatchGroupType,
  type BatchRecord,
  type BatchStatus,
  countGroups,
  statusOf,
} from './record.js';

export interface BatchGroupView {
  id: string;
  title: string | null;
  type: BatchGroupType;
  state: BatchGroupState;
  code: string | null;
  attempts: number;
}

export interface BatchView {
  id: string;
  type: 'add_member';
  account: string;
  status: BatchStatus;
  user: { id: string; title: string | null };
  note: string;
  total: number;
  counts: BatchCounts;
  groups: BatchGroupView[];
  /** Text for the person who approves; names the user and every group (title and id). */
  preview: string;
  /** What the approval must carry: the hash of the preview the person reviewed. */
  previewHash: string;
  /** Times in ms since the epoch. */
  createdAt: number;
  expiresAt: number;
  approvedAt: number | null;
  approvedBy: string | null;
  approvalValidUntil: number | null;
  runLeaseUntil: number | null;
  pausedUntil: number | null;
  completedAt: number | null;
  lastRunAt: number | null;
  lastError: { code: string; message: string; groupId: string | null; at: number } | null;
  nextStep: string;
}

const iso = (ms: number) => new Date(ms).toISOString();
const secsUntil = (ms: number, now: number) => Math.max(1, Math.ceil((ms - now) / 1000));

export function nextStepFor(r: BatchRecord, status: BatchStatus, now: number): string {
  const counts = countGroups(r.groups);
  switch (status) {
    case 'pending_approval':
      return r.approval !== null && now >= r.approval.until
        ? 'The approval lease ended. A person reviews the preview again and approves it with its previewHash.'
        : 'A person reviews the preview and approves the batch with its previewHash; then run it.';
    case 'approved':
      return `Run the batch: ${counts.pending + counts.in_flight} group(s) left.`;
    case 'running':
      return `A run holds the batch until ${iso(r.lease!.until)}; check its status later.`;
    case 'paused':
      return `Telegram asked to wait: run again after ${iso(r.pausedUntil!)} (retry_after ${secsUntil(r.pausedUntil!, now)}s).`;
    case 'stopped':
      return 'Telegram reported PEER_FLOOD: the account is limited for spam-like activity. Wait (hours to days); a person may then approve the batch again to resume.';
    case 'completed':
      return counts.failed + counts.skipped > 0
        ? `Done. ${counts.failed} failed and ${counts.skipped} skipped group(s) carry a code; fix the cause and create a new batch for them if needed.`
        : 'Done: the user was added to every group.';
    case 'expired':
      return 'The batch expired; create a new one for the groups still pending.';
  }
}

const groupView = (g: BatchGroupRecord): BatchGroupView => ({
  id: g.id,
  title: g.title,
  type: g.type,
  state: g.state,
  code: g.code,
  attempts: g.attempts,
});

export function viewOf(r: BatchRecord, now: number): BatchView {
  const status = statusOf(r, now, batchPreviewHash(r));
  return {
    id: r.id,
    type: r.type,
    account: r.account,
    status,
    user: r.user,
    note: r.note,
    total: r.groups.length,
    counts: countGroups(r.groups),
    groups: r.groups.map(groupView),
    preview: batchPreviewText(r),
    previewHash: r.previewHash,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    approvedAt: r.approval?.at ?? null,
    approvedBy: r.approval?.by ?? null,
    approvalValidUntil: r.approval?.until ?? null,
    runLeaseUntil: r.lease !== null && now < r.lease.until ? r.lease.until : null,
    pausedUntil: r.pausedUntil !== null && now < r.pausedUntil ? r.pausedUntil : null,
    completedAt: r.completedAt,
    lastRunAt: r.lastRunAt,
    lastError: r.lastError,
    nextStep: nextStepFor(r, status, now),
  };
}
