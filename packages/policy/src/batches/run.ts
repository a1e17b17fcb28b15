// Running a batch: one worker at a time under a run lease with a random per-run token, renewed
// with fresh time at every step (D26). Each group goes pending -> in_flight -> done | failed |
// skipped; it is marked in_flight atomically before `add` is called, and an in_flight group
// found at the start (a crashed or timed-out run) is settled by asking `isMember` first, so a
// crash never leads to a second add. Transient errors leave the group for later (D27).
import { PolicyInputError } from '../errors.js';
import { token } from '@tgmcp/core';
import { type BatchClassifier, type BatchErrorClass, applyClassifier } from './classify.js';
import { type BatchContext, mutateBatch, parseBatchId, requireApproval } from './context.js';
import { BatchError } from './errors.js';
import { displayText } from './preview.js';
import { type BatchCounts, type BatchGroupState, type BatchRecord, countGroups } from './record.js';
import { type BatchView, viewOf } from './view.js';
import { parseAccount } from './input.js';

export const MAX_RUN_ACTIONS = 500;
/** How long to pause after a transient error that names no wait (a timeout, the network). */
export const DEFAULT_TRANSIENT_RETRY_SEC = 30;

export type BatchStopReason =
  | 'flood'
  | 'peer_flood'
  | 'policy'
  | 'max_actions'
  | 'aborted'
  | 'lease_lost'
  | 'approval_expired'
  | 'expired';

export interface BatchProgress {
  batchId: string;
  groupId: string;
  state: BatchGroupState;
  code: string | null;
  processed: number;
  counts: BatchCounts;
}

export interface RunBatchOptions {
  batchId: string;
  account: string | number | bigint;
  /** Telegram calls to `add` in this run (1-500). Default 100. */
  maxActions?: number;
  /** Whether the user is in the group now; used to settle groups a crashed run left in_flight. */
  isMember: (groupId: string, userId: string) => Promise<boolean>;
  /** Adds the user to the group (rate limiter, quota and write capability are the caller's). */
  add: (groupId: string, userId: string) => Promise<unknown>;
  /** Overrides the default classification of an error from `add` or `isMember`. */
  classify?: BatchClassifier;
  onProgress?: (event: BatchProgress) => void;
  signal?: AbortSignal;
  /** Wait between two adds on the injected clock. Default 0 (pacing is the limiter's job). */
  paceMs?: number;
}

export interface BatchRunResult {
  batch: BatchView;
  counts: BatchCounts;
  /** Calls to `add` made by this run. */
  processed: number;
  /** in_flight groups settled through `isMember` at the start. */
  reconciled: number;
  stopped: BatchStopReason | null;
  retryAfterSec: number | null;
  errorCode: string | null;
  nextStep: string;
}

interface Stop {
  reason: BatchStopReason;
  retryAfterSec: number | null;
  code: string | null;
}

type Started =
  | { kind: 'started'; r: BatchRecord }
  | { kind: 'completed'; r: BatchRecord }
  | { kind: 'paused'; r: BatchRecord; retryAfterSec: number };

const errorMessage = (err: unknown) =>
  displayText(err instanceof Error ? err.message : String(err), 200);

export async function runBatch(ctx: BatchContext, o: RunBatchOptions): Promise<BatchRunResult> {
  ctx.gate();
  const id = parseBatchId(o.batchId);
  const account = parseAccount(o.account);
  const maxActions = o.maxActions ?? 100;
  if (!Number.isInteger(maxActions) || maxActions < 1 || maxActions > MAX_RUN_ACTIONS) {
    throw new PolicyInputError('maxActions', `must be an integer from 1 to ${MAX_RUN_ACTIONS}`);
  }
  if (typeof o.add !== 'function') throw new PolicyInputError('add', 'expected a function');
  if (typeof o.isMember !== 'function') {
    throw new PolicyInputError('isMember', 'expected a function');
  }
  const runToken = token(ctx.random, 12);
  const leaseMs = ctx.runLeaseMs;

  const start = await mutateBatch<Started>(ctx, id, account, (r, now) => {
    if (r.completedAt !== null) return { result: { kind: 'completed', r } };
    if (now >= r.expiresAt) {
      throw new BatchError('BATCH_EXPIRED', 'batch is expired; create a new one', { batchId: id });
    }
    if (r.lease !== null && now < r.lease.until) {
      throw new BatchError(
        'BATCH_BUSY',
        `batch is being run by another worker until ${new Date(r.lease.until).toISOString()}`,
        {
          batchId: id,
          leaseUntil: r.lease.until,
          retryAfterSec: Math.max(1, Math.ceil((r.lease.until - now) / 1000)),
        },
      );
    }
    requireApproval(r, now);
    if (r.pausedUntil !== null && now < r.pausedUntil) {
      const retryAfterSec = Math.max(1, Math.ceil((r.pausedUntil - now) / 1000));
      return { result: { kind: 'paused', r, retryAfterSec } };
    }
    const next = {
      ...r,
      lease: { token: runToken, until: now + leaseMs, startedAt: now },
      pausedUntil: null,
      lastRunAt: now,
    };
    return { next, result: { kind: 'started', r: next } };
  });

  const finish = (r: BatchRecord, extra: Omit<BatchRunResult, 'batch' | 'counts' | 'nextStep'>) => {
    const batch = viewOf(r, ctx.clock.now());
    return { batch, counts: batch.counts, nextStep: batch.nextStep, ...extra };
  };
  if (start.kind === 'completed') {
    return finish(start.r, {
      processed: 0,
      reconciled: 0,
      stopped: null,
      retryAfterSec: null,
      errorCode: null,
    });
  }
  if (start.kind === 'paused') {
    return finish(start.r, {
      processed: 0,
      reconciled: 0,
      stopped: 'flood',
      retryAfterSec: start.retryAfterSec,
      errorCode: start.r.lastError?.code ?? null,
    });
  }

  let rec = start.r;
  let processed = 0;
  let reconciled = 0;
  let stop: Stop | null = null;
  let leaseLost = false;

  /**
   * A step of this run: renews the lease (fresh time), then applies `change`. Returns false,
   * changing nothing, when another worker took the lease over.
   */
  const owned = async (change: (r: BatchRecord, now: number) => Stop | null | void) => {
    const out = await mutateBatch<{ r: BatchRecord; held: boolean; stop: Stop | null }>(
      ctx,
      id,
      account,
      (r, now) => {
        if (r.lease?.token !== runToken) return { result: { r, held: false, stop: null } };
        const next = { ...r, lease: { ...r.lease, until: now + leaseMs } };
        const s = change(next, now) ?? null;
        return { next, result: { r: next, held: true, stop: s } };
      },
    );
    rec = out.r;
    if (!out.held) leaseLost = true;
    return out.held ? out.stop : { reason: 'lease_lost' as const, retryAfterSec: null, code: null };
  };

  /**
   * Records what happened to a group this run marked in_flight. Facts are recorded even when
   * the lease was lost meanwhile, unless another run already settled the group.
   */
  const settle = async (groupId: string, c: BatchErrorClass | 'done') => {
    const out = await mutateBatch<{ r: BatchRecord; stop: Stop | null }>(
      ctx,
      id,
      account,
      (r, now) => {
        const g = r.groups.find((x) => x.id === groupId);
        if (!g || g.state !== 'in_flight' || g.runToken !== runToken) {
          return { result: { r, stop: null } };
        }
        const held = r.lease?.token === runToken;
        const next: BatchRecord = held ? { ...r, lease: { ...r.lease!, until: now + leaseMs } } : r;
        g.updatedAt = now;
        let s: Stop | null = null;
        if (c === 'done' || c.kind === 'done') {
          Object.assign(g, { state: 'done', code: c === 'done' ? null : c.code, runToken: null });
        } else if (c.kind === 'permanent' || c.kind === 'skipped') {
          Object.assign(g, {
            state: c.kind === 'skipped' ? 'skipped' : 'failed',
            code: c.code,
            runToken: null,
          });
        } else if (c.kind === 'transient') {
          // A call that may have happened stays in_flight: the next run asks isMember first.
          if (!c.ambiguous) Object.assign(g, { state: 'pending', runToken: null });
          const wait = c.retryAfterSec ?? DEFAULT_TRANSIENT_RETRY_SEC;
          next.pausedUntil = now + wait * 1000;
          s = { reason: 'flood', retryAfterSec: wait, code: c.code };
        } else {
          Object.assign(g, { state: 'pending', runToken: null });
          if (c.code === 'PEER_FLOOD') {
            next.stopped = { reason: 'peer_flood', at: now };
            next.approval = null;
            s = { reason: 'peer_flood', retryAfterSec: null, code: c.code };
          } else s = { reason: 'policy', retryAfterSec: null, code: c.code };
        }
        return { next, result: { r: next, stop: s } };
      },
    );
    rec = out.r;
    if (out.r.lease?.token !== runToken) leaseLost = true;
    return out.stop;
  };

  const noteError = (c: BatchErrorClass, err: unknown, groupId: string) =>
    mutateBatch(ctx, id, account, (r, now) => ({
      next: { ...r, lastError: { code: c.code, message: errorMessage(err), groupId, at: now } },
      result: null,
    }));

  const progress = (groupId: string) => {
    const g = rec.groups.find((x) => x.id === groupId);
    if (!g || !o.onProgress) return;
    o.onProgress({
      batchId: id,
      groupId,
      state: g.state,
      code: g.code,
      processed,
      counts: countGroups(rec.groups),
    });
  };

  const userId = rec.user.id;
  try {
    // 1. Settle what a crashed or timed-out run left in_flight, before any new add.
    for (const g of rec.groups.filter((x) => x.state === 'in_flight')) {
      if (o.signal?.aborted) {
        stop = { reason: 'aborted', retryAfterSec: null, code: null };
        break;
      }
      const seenToken = g.runToken;
      let member: boolean;
      try {
        member = await o.isMember(g.id, userId);
      } catch (err) {
        const c = applyClassifier(err, o.classify);
        await noteError(c, err, g.id);
        if (c.kind === 'transient' || c.kind === 'stop') {
          stop = await owned((r, now) => {
            if (c.code === 'PEER_FLOOD') {
              r.stopped = { reason: 'peer_flood', at: now };
              r.approval = null;
              return { reason: 'peer_flood', retryAfterSec: null, code: c.code };
            }
            if (c.kind === 'stop') return { reason: 'policy', retryAfterSec: null, code: c.code };
            const wait = c.retryAfterSec ?? DEFAULT_TRANSIENT_RETRY_SEC;
            r.pausedUntil = now + wait * 1000;
            return { reason: 'flood', retryAfterSec: wait, code: c.code };
          });
          break;
        }
        // Membership cannot be checked: never add blindly, record the group as failed.
        member = c.kind === 'done';
        if (!member) {
          stop = await owned((r, now) => {
            const cur = r.groups.find((x) => x.id === g.id);
            if (cur?.state === 'in_flight' && cur.runToken === seenToken) {
              Object.assign(cur, { state: 'failed', code: c.code, runToken: null, updatedAt: now });
            }
          });
          reconciled++;
          progress(g.id);
          if (stop) break;
          continue;
        }
      }
      stop = await owned((r, now) => {
        const cur = r.groups.find((x) => x.id === g.id);
        if (cur?.state !== 'in_flight' || cur.runToken !== seenToken) return;
        Object.assign(
          cur,
          member
            ? { state: 'done', code: 'RECONCILED_MEMBER', runToken: null, updatedAt: now }
            : { state: 'pending', runToken: null, updatedAt: now },
        );
      });
      reconciled++;
      progress(g.id);
      if (stop) break;
    }

    // 2. Add the user to each pending group, one at a time.
    while (!stop) {
      if (processed >= maxActions) {
        stop = { reason: 'max_actions', retryAfterSec: null, code: null };
        break;
      }
      if (o.signal?.aborted) {
        stop = { reason: 'aborted', retryAfterSec: null, code: null };
        break;
      }
      const g = rec.groups.find((x) => x.state === 'pending');
      if (!g) break;

      if (
        ctx.allowlist &&
        !(await ctx.allowlist.match({ id: g.id, type: g.type, title: g.title }))
      ) {
        stop = await owned((r, now) => {
          const cur = r.groups.find((x) => x.id === g.id);
          if (cur?.state === 'pending') {
            Object.assign(cur, { state: 'skipped', code: 'NOT_ALLOWLISTED', updatedAt: now });
          }
        });
        progress(g.id);
        continue;
      }

      // Marked in_flight (durably) before the call: a crash from here on is settled by isMember.
      let claimed = false;
      stop = await owned((r, now) => {
        if (now >= r.expiresAt) return { reason: 'expired', retryAfterSec: null, code: null };
        try {
          requireApproval(r, now);
        } catch {
          return { reason: 'approval_expired', retryAfterSec: null, code: null };
        }
        const cur = r.groups.find((x) => x.id === g.id);
        if (cur?.state !== 'pending') return;
        Object.assign(cur, {
          state: 'in_flight',
          attempts: cur.attempts + 1,
          runToken,
          updatedAt: now,
        });
        claimed = true;
      });
      if (stop || !claimed) continue;

      let outcome: BatchErrorClass | 'done' = 'done';
      try {
        await o.add(g.id, userId);
      } catch (err) {
        outcome = applyClassifier(err, o.classify);
        await noteError(outcome, err, g.id);
      }
      processed++;
      stop = await settle(g.id, outcome);
      progress(g.id);
      if (!stop && leaseLost) stop = { reason: 'lease_lost', retryAfterSec: null, code: null };
      if (!stop && o.paceMs && o.paceMs > 0 && rec.groups.some((x) => x.state === 'pending')) {
        try {
          await ctx.clock.sleep(o.paceMs, o.signal);
        } catch {
          stop = { reason: 'aborted', retryAfterSec: null, code: null };
        }
      }
    }
  } finally {
    // Release the lease; the holder that finds nothing left marks the batch completed.
    if (!leaseLost) {
      try {
        rec = await mutateBatch(ctx, id, account, (r, now) => {
          if (r.lease?.token !== runToken) return { result: r };
          const left = r.groups.some((x) => x.state === 'pending' || x.state === 'in_flight');
          const next = { ...r, lease: null, lastRunAt: now, completedAt: left ? null : now };
          return { next, result: next };
        });
      } catch {
        // The lease ends by itself; the original error (if any) is what matters.
      }
    }
  }

  return finish(rec, {
    processed,
    reconciled,
    stopped: stop?.reason ?? null,
    retryAfterSec: stop?.retryAfterSec ?? null,
    errorCode: stop?.code ?? null,
  });
}
