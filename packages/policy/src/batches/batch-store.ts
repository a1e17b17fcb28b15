// Add-member batches (issue 7): one user added to many groups with one human approval of a
// reviewed preview, resumable after a crash, never adding anyone twice. One state record per
// batch (`batch:<id>`), each change an atomic per-batch update (D25).
import path from 'node:path';
import { type Clock, type Random, systemClock, systemRandom, token } from '@tgmcp/core';
import type { CanonicalPeer } from '../allowlist/peer.js';
import type { ActionsPolicy } from '../config/actions-policy.js';
import { ApprovalError, GateRefusal, PolicyInputError } from '../errors.js';
import { type JsonValue, REMOVE, type StateStore, withResult } from '../state/types.js';
import { classifyBatchError } from './classify.js';
import { type BatchContext, loadBatch, mutateBatch, parseBatchId } from './context.js';
import { BatchError } from './errors.js';
import {
  type BatchGroupInput,
  type BatchUserInput,
  parseAccount,
  parseGroups,
  parseHours,
  parseNote,
  parseUser,
} from './input.js';
import { batchPreviewHash } from './preview.js';
import {
  DEFAULT_REPORT_MAX_BYTES,
  confineReportPath,
  failedChatIds,
  parseReport,
  readCapped,
} from './report.js';
import { BATCH_KEY_PREFIX, type BatchRecord, batchKey, batchRecordSchema } from './record.js';
import { type BatchRunResult, type RunBatchOptions, runBatch } from './run.js';
import { type BatchView, viewOf } from './view.js';

export const DEFAULT_MAX_BATCH_GROUPS = 500;

/** The parts of ActionsPolicy batches use: gates and the TG_ACTIONS_BATCH_* defaults. */
export type BatchPolicy = Pick<
  ActionsPolicy,
  | 'enabled'
  | 'disabledReason'
  | 'unsafeIssues'
  | 'requireAllowlist'
  | 'allowedTargets'
  | 'batchTtlHours'
  | 'batchApprovalLeaseSec'
  | 'batchRunLeaseSec'
>;

export interface BatchStoreOptions {
  store: StateStore;
  /** When given: create, approve and run refuse as the write gates do (unsafe, disabled,
   * allowlist required but empty), and the TG_ACTIONS_BATCH_* values are the defaults. */
  policy?: BatchPolicy;
  clock?: Clock;
  random?: Random;
  /** Default batch lifetime (TG_ACTIONS_BATCH_TTL_HOURS). Default 168. */
  ttlHours?: number;
  /** How long an approval allows runs (TG_ACTIONS_BATCH_APPROVAL_LEASE_SEC). Default 86400. */
  approvalLeaseSec?: number;
  /** Run lease, renewed at every step (TG_ACTIONS_BATCH_RUN_LEASE_SEC). Default 1800. It must
   * exceed the longest single `add` call (with its timeout). */
  runLeaseSec?: number;
  /** Default 500. */
  maxGroups?: number;
  /** Completed batches are pruned this long after completion (or at expiry). Default 24. */
  keepCompletedHours?: number;
  /** When given, each group must match it at creation (others are refused) and again before
   * each add (others are skipped with NOT_ALLOWLISTED). */
  allowlist?: { match(peer: CanonicalPeer): Promise<unknown> };
}

export interface CreateBatchInput {
  account: string | number | bigint;
  user: BatchUserInput;
  groups: BatchGroupInput[];
  note?: string;
  ttlHours?: number;
}

export interface CreateBatchResult {
  batch: BatchView;
  /** Entries dropped because their id was listed already (D5). */
  duplicatesDropped: number;
  /** Groups refused by the allowlist; not part of the batch. */
  refused: Array<{ id: string; title: string | null; code: 'NOT_ALLOWLISTED' }>;
}

export interface CreateFromReportInput {
  account: string | number | bigint;
  /** Relative paths are taken from the first allowed dir. */
  reportPath: string;
  /** Absolute dirs a report may be read from: TG_ACTIONS_REPORT_DIR, the data dir. */
  allowedDirs: readonly string[];
  user: BatchUserInput;
  /** Failed items whose error contains this (case-insensitive; empty = all failures).
   * Default `join quota exceeded`, as the seed. */
  errorContains?: string;
  note?: string;
  ttlHours?: number;
  /** Default 1 MiB. */
  maxBytes?: number;
  /** Resolves a chat id from the report to the canonical group it names now. */
  resolve: (chatId: string) => Promise<BatchGroupInput>;
}

export interface CreateFromReportResult extends CreateBatchResult {
  /** Chat ids of the report that did not resolve to a group (with the reason's code). */
  unresolved: Array<{ chatId: string; code: string }>;
}

export interface ApproveBatchInput {
  batchId: string;
  account: string | number | bigint;
  /** The previewHash the person saw; must equal the batch's. */
  previewHash: string;
  /** Who approved (`operator:anna`, `elicitation`). Default `operator`. */
  approvedBy?: string;
}

export interface BatchStore {
  create(input: CreateBatchInput): Promise<CreateBatchResult>;
  createFromReport(input: CreateFromReportInput): Promise<CreateFromReportResult>;
  approve(input: ApproveBatchInput): Promise<BatchView>;
  run(options: RunBatchOptions): Promise<BatchRunResult>;
  status(batchId: string, account: string | number | bigint): Promise<BatchView>;
  /** The account's batches, newest first. */
  list(account: string | number | bigint): Promise<BatchView[]>;
  /** Deletes expired batches and completed ones past `keepCompletedHours`; never a running one. */
  prune(now?: number): Promise<{ removed: string[] }>;
}

const positive = (v: number | undefined, field: string, fallback: number) => {
  const n = v ?? fallback;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) {
    throw new PolicyInputError(field, 'must be a positive number');
  }
  return n;
};

/** The write gates that apply to batches: unsafe policy, master switch, empty allowlist. */
export function batchGateRefusal(policy: BatchPolicy): GateRefusal | null {
  if (policy.disabledReason !== null) {
    return new GateRefusal('ACTIONS_UNSAFE_POLICY', policy.disabledReason, {
      issues: policy.unsafeIssues.map((i) => i.variable),
    });
  }
  if (!policy.enabled) {
    return new GateRefusal('ACTIONS_DISABLED', 'Actions are disabled. Set TG_ACTIONS_ENABLED=1.', {
      variable: 'TG_ACTIONS_ENABLED',
    });
  }
  if (policy.requireAllowlist && policy.allowedTargets.length === 0) {
    return new GateRefusal(
      'ALLOWLIST_EMPTY',
      'TG_ACTIONS_REQUIRE_ALLOWLIST=1 but TG_ACTIONS_ALLOWED_GROUPS is empty.',
      { variable: 'TG_ACTIONS_ALLOWED_GROUPS' },
    );
  }
  return null;
}

export function createBatchStore(options: BatchStoreOptions): BatchStore {
  const { store, policy, clock = systemClock, random = systemRandom } = options;
  const ttlHours = parseHours(options.ttlHours ?? policy?.batchTtlHours, 'ttlHours', 168);
  const approvalLeaseSec = positive(
    options.approvalLeaseSec ?? policy?.batchApprovalLeaseSec,
    'approvalLeaseSec',
    86_400,
  );
  const runLeaseSec = positive(
    options.runLeaseSec ?? policy?.batchRunLeaseSec,
    'runLeaseSec',
    1800,
  );
  const maxGroups = positive(options.maxGroups, 'maxGroups', DEFAULT_MAX_BATCH_GROUPS);
  const keepCompletedMs =
    positive(options.keepCompletedHours, 'keepCompletedHours', 24) * 3_600_000;
  const ctx: BatchContext = {
    store,
    clock,
    random,
    approvalLeaseMs: approvalLeaseSec * 1000,
    runLeaseMs: runLeaseSec * 1000,
    allowlist: options.allowlist,
    gate() {
      const refusal = policy ? batchGateRefusal(policy) : null;
      if (refusal) throw refusal;
    },
  };

  async function create(input: CreateBatchInput): Promise<CreateBatchResult> {
    ctx.gate();
    const account = parseAccount(input.account);
    const user = parseUser(input.user);
    const { groups: parsed, duplicates } = parseGroups(input.groups, maxGroups);
    const note = parseNote(input.note);
    const hours = parseHours(input.ttlHours, 'ttlHours', ttlHours);

    const refused: CreateBatchResult['refused'] = [];
    let groups = parsed;
    if (ctx.allowlist) {
      groups = [];
      for (const g of parsed) {
        if (await ctx.allowlist.match(g)) groups.push(g);
        else refused.push({ id: g.id, title: g.title, code: 'NOT_ALLOWLISTED' });
      }
      if (groups.length === 0) {
        throw new GateRefusal(
          'NOT_ALLOWLISTED',
          'No group of the batch is in TG_ACTIONS_ALLOWED_GROUPS.',
        );
      }
    }

    for (let attempt = 0; ; attempt++) {
      const id = `batch_${token(random, 9)}`;
      const now = clock.now();
      const previewHash = batchPreviewHash({ account, user, groups });
      const record: BatchRecord = {
        v: 1,
        id,
        type: 'add_member',
        account,
        user,
        note,
        groups: groups.map((g) => ({
          ...g,
          state: 'pending',
          attempts: 0,
          code: null,
          runToken: null,
          updatedAt: null,
        })),
        previewHash,
        createdAt: now,
        expiresAt: now + hours * 3_600_000,
        approval: null,
        lease: null,
        pausedUntil: null,
        stopped: null,
        lastRunAt: null,
        completedAt: null,
        lastError: null,
      };
      const created = await store.update<JsonValue, boolean>(batchKey(id), (cur) =>
        cur === undefined ? withResult(record, true) : withResult(undefined, false),
      );
      if (created) return { batch: viewOf(record, now), duplicatesDropped: duplicates, refused };
      if (attempt >= 3) throw new Error('could not allocate a batch id (random source repeats)');
    }
  }

  async function createFromReport(input: CreateFromReportInput): Promise<CreateFromReportResult> {
    // Gates and every argument first; the file is touched last (D4).
    ctx.gate();
    const account = parseAccount(input.account);
    const user = parseUser(input.user);
    const note = parseNote(input.note);
    parseHours(input.ttlHours, 'ttlHours', ttlHours);
    if (typeof input.reportPath !== 'string' || input.reportPath.trim() === '') {
      throw new PolicyInputError('reportPath', 'is empty');
    }
    const errorContains = input.errorContains ?? 'join quota exceeded';
    if (typeof errorContains !== 'string' || errorContains.length > 200) {
      throw new PolicyInputError('errorContains', 'expected a string of at most 200 characters');
    }
    if (typeof input.resolve !== 'function')
      throw new PolicyInputError('resolve', 'expected a function');
    const maxBytes = positive(input.maxBytes, 'maxBytes', DEFAULT_REPORT_MAX_BYTES);

    const file = await confineReportPath(input.reportPath, input.allowedDirs ?? []);
    const report = parseReport(await readCapped(file, maxBytes));
    const chatIds = failedChatIds(report, errorContains);
    if (chatIds.length === 0) {
      throw new BatchError(
        'REPORT_NO_MATCH',
        `No failed groups matched error_contains='${errorContains.trim()}' in the report.`,
      );
    }
    if (chatIds.length > maxGroups) {
      throw new PolicyInputError(
        'groups',
        `${chatIds.length} groups in the report; at most ${maxGroups} per batch`,
      );
    }
    const groups: BatchGroupInput[] = [];
    const unresolved: CreateFromReportResult['unresolved'] = [];
    for (const chatId of chatIds) {
      try {
        groups.push(await input.resolve(chatId));
      } catch (err) {
        const c = classifyBatchError(err);
        // Telegram asking to slow down is not a property of this chat: stop and report it.
        if (c.kind === 'transient' || c.kind === 'stop') throw err;
        unresolved.push({ chatId, code: c.code });
      }
    }
    if (groups.length === 0) {
      throw new BatchError('REPORT_NO_MATCH', 'No group of the report could be resolved.');
    }
    const out = await create({
      account,
      user,
      groups,
      note: `from_report:${path.basename(file)} ${note}`.trim().slice(0, 500),
      ttlHours: input.ttlHours,
    });
    return { ...out, unresolved };
  }

  async function approve(input: ApproveBatchInput): Promise<BatchView> {
    ctx.gate();
    const id = parseBatchId(input.batchId);
    const account = parseAccount(input.account);
    if (typeof input.previewHash !== 'string' || !/^[0-9a-f]{64}$/.test(input.previewHash)) {
      throw new PolicyInputError('previewHash', 'expected 64 lowercase hex digits');
    }
    const by = input.approvedBy ?? 'operator';
    if (typeof by !== 'string' || by.length === 0 || by.length > 100) {
      throw new PolicyInputError('approvedBy', 'expected 1-100 characters');
    }
    return mutateBatch(ctx, id, account, (r, now) => {
      if (r.completedAt !== null) {
        throw new BatchError('BATCH_COMPLETED', 'batch is already completed', { batchId: id });
      }
      if (now >= r.expiresAt) {
        throw new BatchError('BATCH_EXPIRED', 'batch is expired; create a new one', {
          batchId: id,
        });
      }
      if (input.previewHash !== r.previewHash || batchPreviewHash(r) !== r.previewHash) {
        throw new ApprovalError(
          'APPROVAL_MISMATCH',
          'the preview approved is not the preview of this batch; review the current preview',
          { requestId: id, mismatch: ['payload'] },
        );
      }
      const next: BatchRecord = {
        ...r,
        approval: {
          previewHash: r.previewHash,
          at: now,
          until: Math.min(now + ctx.approvalLeaseMs, r.expiresAt),
          by,
        },
        stopped: null,
      };
      return { next, result: viewOf(next, now) };
    });
  }

  return {
    create,
    createFromReport,
    approve,
    run: (o) => runBatch(ctx, o),
    async status(batchId, account) {
      const r = await loadBatch(ctx, parseBatchId(batchId), parseAccount(account));
      return viewOf(r, clock.now());
    },
    async list(accountRef) {
      const account = parseAccount(accountRef);
      const now = clock.now();
      const out: BatchView[] = [];
      for (const { value } of await store.list(BATCH_KEY_PREFIX)) {
        const r = batchRecordSchema.safeParse(value);
        if (r.success && r.data.account === account) out.push(viewOf(r.data, now));
      }
      return out.sort((a, b) => b.createdAt - a.createdAt || (a.id < b.id ? -1 : 1));
    },
    async prune(now = clock.now()) {
      const removed: string[] = [];
      const due = (r: BatchRecord) =>
        !(r.lease !== null && now < r.lease.until) &&
        (now >= r.expiresAt || (r.completedAt !== null && now >= r.completedAt + keepCompletedMs));
      for (const { key, value } of await store.list(BATCH_KEY_PREFIX)) {
        const parsed = batchRecordSchema.safeParse(value);
        if (!parsed.success || !due(parsed.data)) continue;
        const gone = await store.update<JsonValue, boolean>(key, (cur) => {
          const r = batchRecordSchema.safeParse(cur);
          return r.success && due(r.data) ? withResult(REMOVE, true) : withResult(undefined, false);
        });
        if (gone) removed.push(parsed.data.id);
      }
      return { removed };
    },
  };
}
