// The batch record: one state key per batch (`batch:<id>`), validated when read back (a state
// file is an edge, D48), and the status computed from it at read time (D28: expiry, lapsed
// approvals and dead leases need no run to show).
import { z } from 'zod';
import { StateCorruptError } from '../errors.js';

export const BATCH_KEY_PREFIX = 'batch:';
export const GROUP_STATES = ['pending', 'in_flight', 'done', 'failed', 'skipped'] as const;
export type BatchGroupState = (typeof GROUP_STATES)[number];
export type BatchGroupType = 'group' | 'supergroup' | 'channel';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const groupSchema = z.object({
  id: z.string(),
  title: z.string().nullable(),
  type: z.enum(['group', 'supergroup', 'channel']),
  state: z.enum(GROUP_STATES),
  attempts: z.number().int(),
  /** Why it is failed/skipped, or how it became done (`USER_ALREADY_PARTICIPANT`, `RECONCILED_MEMBER`). */
  code: z.string().nullable(),
  /** The run that marked it in_flight: a result is recorded only by that run. */
  runToken: z.string().nullable(),
  updatedAt: z.number().nullable(),
});

export const batchRecordSchema = z.object({
  v: z.literal(1),
  id: z.string(),
  type: z.literal('add_member'),
  account: z.string(),
  user: z.object({ id: z.string(), title: z.string().nullable() }),
  note: z.string(),
  groups: z.array(groupSchema),
  previewHash: hex64,
  createdAt: z.number(),
  expiresAt: z.number(),
  approval: z
    .object({ previewHash: hex64, at: z.number(), until: z.number(), by: z.string() })
    .nullable(),
  lease: z.object({ token: z.string(), until: z.number(), startedAt: z.number() }).nullable(),
  /** Telegram asked to wait (FLOOD_WAIT, SLOWMODE, breaker, quota): no run before this. */
  pausedUntil: z.number().nullable(),
  /** PEER_FLOOD stopped the batch; the approval was revoked. Cleared by a new approval. */
  stopped: z.object({ reason: z.literal('peer_flood'), at: z.number() }).nullable(),
  lastRunAt: z.number().nullable(),
  completedAt: z.number().nullable(),
  lastError: z
    .object({
      code: z.string(),
      message: z.string(),
      groupId: z.string().nullable(),
      at: z.number(),
    })
    .nullable(),
});

export type BatchRecord = z.infer<typeof batchRecordSchema>;
export type BatchGroupRecord = BatchRecord['groups'][number];

export type BatchStatus =
  'pending_approval' | 'approved' | 'running' | 'paused' | 'stopped' | 'completed' | 'expired';

export type BatchCounts = Record<BatchGroupState, number>;

export const batchKey = (id: string) => `${BATCH_KEY_PREFIX}${id}`;

export function parseBatch(key: string, raw: unknown): BatchRecord | undefined {
  if (raw === undefined) return undefined;
  const r = batchRecordSchema.safeParse(raw);
  if (!r.success) throw new StateCorruptError(key, undefined, 'not a batch record');
  return r.data;
}

export function countGroups(groups: readonly BatchGroupRecord[]): BatchCounts {
  const counts: BatchCounts = { pending: 0, in_flight: 0, done: 0, failed: 0, skipped: 0 };
  for (const g of groups) counts[g.state]++;
  return counts;
}

export function approvalValid(r: BatchRecord, now: number, currentHash: string): boolean {
  return (
    r.approval !== null &&
    now < r.approval.until &&
    r.approval.previewHash === r.previewHash &&
    r.previewHash === currentHash
  );
}

export function statusOf(r: BatchRecord, now: number, currentHash: string): BatchStatus {
  if (r.completedAt !== null) return 'completed';
  if (now >= r.expiresAt) return 'expired';
  if (r.lease !== null && now < r.lease.until) return 'running';
  if (r.stopped !== null && r.approval === null) return 'stopped';
  if (!approvalValid(r, now, currentHash)) return 'pending_approval';
  if (r.pausedUntil !== null && now < r.pausedUntil) return 'paused';
  return 'approved';
}
