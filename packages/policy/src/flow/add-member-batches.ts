// Add-member batches of one account, from a tool call to the batch store: groups resolved and
// checked, approval through the channel, and every add of a run written through the executor
// (gates, the quota rule, an audit entry for every outcome, failures included).
import type { ResolvePeer, TargetHandle } from '../allowlist/peer.js';
import { handleOf, peerTypeOfId } from '../allowlist/peer.js';
import type { ApprovalStore } from '../approvals/approval-store.js';
import type {
  BatchStore,
  CreateBatchResult,
  CreateFromReportResult,
} from '../batches/batch-store.js';
import type { BatchGroupInput } from '../batches/input.js';
import type { BatchProgress, BatchRunResult } from '../batches/run.js';
import type { BatchView } from '../batches/view.js';
import type { ActionsPolicy } from '../config/actions-policy.js';
import { TargetRefusal } from '../errors.js';
import type { WriteExecutor } from '../executor/write-executor.js';
import type { ApprovalChannel } from './channel.js';
import { resolveUser } from './resolve-user.js';

export interface AddMemberBatchesOptions {
  account: string;
  store: BatchStore;
  executor: WriteExecutor;
  channel: ApprovalChannel;
  approvals: ApprovalStore;
  policy: Pick<ActionsPolicy, 'confirmation' | 'reportDir' | 'dataDir'>;
  /** Resolves users and groups to the peers they name now, with access hashes (pinned). */
  resolve: ResolvePeer;
  isMember: (groupId: string, userId: string) => Promise<boolean>;
  addMember: (group: TargetHandle, user: TargetHandle) => Promise<unknown>;
  /** One line for the operator's log (a membership check that failed). */
  warn?: (line: string) => void;
}

export interface CreateOptions {
  user: string;
  note?: string;
  ttlHours?: number;
}

export interface AddMemberBatches {
  /** A batch adding `user` to `groups`; names that are no group are listed, not fatal. */
  create(o: CreateOptions & { groups: string[] }): Promise<{
    batch: BatchView & Omit<CreateBatchResult, 'batch'>;
    user: { id: string; title: string | null };
    unresolved: Array<{ group: string; code: string }>;
    nextStep: string;
  }>;
  /** A batch of the groups a report lists as failed with `errorContains`. */
  createFromReport(
    o: CreateOptions & { reportPath: string; errorContains?: string },
  ): Promise<{ created: CreateFromReportResult; nextStep: string }>;
  /** A person's approval of the batch as previewed, through the channel. */
  approve(o: {
    batchId: string;
    approvalCode: string;
    confirmationText: string;
    signal?: AbortSignal;
  }): Promise<{ batch: BatchView; approved: boolean; nextStep: string }>;
  status(batchId: string): Promise<BatchView>;
  run(o: {
    batchId: string;
    maxActions: number;
    signal?: AbortSignal;
    onProgress?: (p: BatchProgress) => void;
  }): Promise<BatchRunResult>;
}

export function createAddMemberBatches(o: AddMemberBatchesOptions): AddMemberBatches {
  const { account, store, channel, resolve } = o;

  /** A group as batches take it, or undefined when the peer is a user. */
  const groupOf = async (ref: string) => {
    const p = await resolve(ref);
    const type = p.type ?? peerTypeOfId(p.id);
    if (type === 'user' || type === 'bot') return { user: p.id };
    return { group: { id: p.id, title: p.title ?? null, type } };
  };
  const userOf = async (ref: string) => {
    const u = await resolveUser(resolve, ref, 'user');
    return { id: u.id, title: u.title ?? null };
  };

  return {
    async create({ user: ref, groups: refs, note, ttlHours }) {
      const user = await userOf(ref);
      const groups: BatchGroupInput[] = [];
      const unresolved: Array<{ group: string; code: string }> = [];
      for (const g of refs) {
        try {
          const r = await groupOf(g);
          if (r.group) groups.push(r.group);
          else unresolved.push({ group: String(g), code: 'NOT_A_GROUP' });
        } catch (err) {
          unresolved.push({
            group: String(g),
            code: (err as { code?: string }).code ?? 'PEER_NOT_FOUND',
          });
        }
      }
      if (groups.length === 0)
        throw new TargetRefusal('NO_GROUPS', 'none of the groups could be resolved', 'groups');
      const r = await store.create({ account, user, groups, note, ttlHours });
      return {
        batch: { ...r.batch, duplicatesDropped: r.duplicatesDropped, refused: r.refused },
        user,
        unresolved,
        nextStep: channel.batchNextStep(r.batch.id),
      };
    },

    async createFromReport({ user: ref, reportPath, errorContains, note, ttlHours }) {
      const user = await userOf(ref);
      const created = await store.createFromReport({
        account,
        reportPath,
        allowedDirs: [o.policy.reportDir, o.policy.dataDir],
        user,
        errorContains,
        note,
        ttlHours,
        resolve: async (chatId) => {
          const r = await groupOf(chatId);
          if (!r.group)
            throw new TargetRefusal('NOT_A_GROUP', `${r.user} is a user`, 'report_path');
          return r.group;
        },
      });
      return { created, nextStep: channel.batchNextStep(created.batch.id) };
    },

    async approve({ batchId, approvalCode, confirmationText, signal }) {
      const view = await store.status(batchId, account);
      const outcome = await channel.approveBatch({
        batch: view,
        account,
        approvalCode,
        confirmationText,
        approvals: o.approvals,
        confirmation: o.policy.confirmation,
        signal,
      });
      if ('waiting' in outcome) return { batch: view, approved: false, nextStep: outcome.waiting };
      const batch = await store.approve({
        batchId: view.id,
        account,
        previewHash: view.previewHash,
        approvedBy: outcome.approvedBy,
      });
      return { batch, approved: true, nextStep: 'Run it with tg_run_add_member_batch.' };
    },

    status: (batchId) => store.status(batchId, account),

    run({ batchId, maxActions, signal, onProgress }) {
      return store.run({
        batchId,
        account,
        maxActions,
        signal,
        isMember: (group, user) =>
          o.isMember(group, user).catch((err: unknown) => {
            o.warn?.(
              `batch ${batchId}: membership check in ${group} failed: ${(err as Error).message}`,
            );
            throw err;
          }),
        // Each add is one write through the executor, like any other: gates, the quota rule
        // (refunded only when the add surely did not happen), an audit entry for every outcome.
        // The batch holds marked ids (what the person approved): pinned by id.
        add: async (group, userId) => {
          const u = await resolve(userId);
          const r = await o.executor.execute(
            {
              account,
              action: 'add_member',
              target: group,
              payload: { user: u.id },
              dryRun: false,
              confirm: true,
              actor: `batch ${batchId}`,
              batch: { id: batchId },
            },
            (target) => o.addMember(handleOf(target), handleOf(u)),
          );
          return r.result;
        },
        onProgress,
      });
    },
  };
}
