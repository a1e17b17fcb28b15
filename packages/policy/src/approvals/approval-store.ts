// Approvals bound to account + action + canonical target id + payload hash (D33, D5). A person
// approves out of band (operator CLI or MCP elicitation), or, in seed mode, by relaying a
// one-time code that only the operator channel ever saw. `claim` checks without consuming;
// `consume` marks the approval used once the write has been committed (D8).
import { createHash } from 'node:crypto';
import { type Clock, type Random, systemClock, systemRandom, token } from '@tgmcp/core';
import { ApprovalError, PolicyInputError } from '../errors.js';
import { payloadHash } from '../hash/payload-hash.js';
import { type JsonValue, REMOVE, type StateStore, withResult } from '../state/types.js';
import {
  type ApprovalRecord,
  type ApprovalView,
  approvalPayloadSchema,
  parseApproval,
  viewOf,
} from './record.js';
import { verifyApproval } from './verify.js';

export interface ApprovalPreview {
  account: string;
  action: string;
  target: { id: string; title?: string | null; type: string };
  payload: Record<string, unknown>;
  /** Optional: when given it must equal the hash computed from the fields above. */
  payloadHash?: string;
  /** One line a person reads before approving ("send 42 chars to Club (-1001234)"). */
  summary: string;
  /** Approve a resend inside the idempotency window (force_resend). */
  forceResend?: boolean;
}

/** What a write must match to use an approval. */
export interface ApprovalBinding {
  account: string;
  action: string;
  targetId: string;
  payloadHash: string;
  forceResend?: boolean;
}

/** A request id (operator / elicitation), or a seed-mode code typed by the person. */
export type ApprovalRef = string | { requestId: string } | { code: string };

export interface ApprovalTicket {
  requestId: string;
  /** ms since epoch. */
  expiresAt: number;
  /** ms since epoch: the approval cannot be used before (TG_ACTIONS_APPROVAL_MIN_AGE_SEC). */
  executeAfter: number;
  payloadHash: string;
}

export interface ApprovalStoreOptions {
  store: StateStore;
  ttlSec: number;
  minAgeSec: number;
  clock?: Clock;
  random?: Random;
}

export interface ApprovalStore {
  request(preview: ApprovalPreview): Promise<ApprovalTicket>;
  /**
   * Seed mode: makes a one-time code for the request and hands it to `deliver`, which the
   * server routes to the operator (stderr, terminal), never to the tool result. Only the latest
   * code of a request is valid. Returns the ticket, never the code.
   */
  issueCode(
    requestId: string,
    deliver: (code: string, ticket: ApprovalTicket) => void,
  ): Promise<ApprovalTicket>;
  /** A person approved (operator CLI, or an accepted elicitation). Refuses expired or used ones. */
  approve(requestId: string, approver: string): Promise<ApprovalView>;
  reject(requestId: string, approver: string): Promise<ApprovalView>;
  get(requestId: string): Promise<ApprovalView | undefined>;
  /** Requests awaiting a decision and not expired, oldest first. */
  pending(): Promise<ApprovalView[]>;
  /** Checks that `ref` allows this write now, without consuming it. Throws ApprovalError. */
  claim(ref: ApprovalRef | undefined, binding: ApprovalBinding): Promise<ApprovalView>;
  /**
   * Atomically takes the approval for one execute (`holder` is that execute's token): every
   * check of `claim`, and no other holder. Another call gets APPROVAL_IN_USE until `release`.
   */
  reserve(ref: ApprovalRef, binding: ApprovalBinding, holder: string): Promise<ApprovalView>;
  /** Gives a reserved approval back; only when the write surely did not happen. */
  release(ref: ApprovalRef, holder: string): Promise<void>;
  /** Marks the approval used; call only after the write was committed (or may have been). */
  consume(ref: ApprovalRef, binding: ApprovalBinding, holder?: string): Promise<ApprovalView>;
  /** Deletes records a day past their expiry, and their code index entries. */
  prune(): Promise<{ removed: number }>;
}

const KEY = 'approval:';
const CODE_KEY = 'approval-code:';
const RETENTION_MS = 86_400_000;

const digestOf = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');

export function createApprovalStore(options: ApprovalStoreOptions): ApprovalStore {
  const { store, clock = systemClock, random = systemRandom } = options;
  const ttlMs = options.ttlSec * 1000;
  const minAgeMs = Math.max(0, options.minAgeSec) * 1000;
  if (!(ttlMs > 0) || minAgeMs >= ttlMs) {
    throw new PolicyInputError('minAgeSec', 'must be at least 0 and less than ttlSec');
  }

  const keyOf = (requestId: string) => {
    if (!/^apr_[A-Za-z0-9_-]{16,64}$/.test(requestId)) {
      throw new ApprovalError('APPROVAL_NOT_FOUND', 'approval request id is not valid', {});
    }
    return `${KEY}${requestId}`;
  };
  const load = async (requestId: string) => {
    const key = keyOf(requestId);
    return parseApproval(key, await store.get(key));
  };
  const ticketOf = (r: ApprovalRecord): ApprovalTicket => ({
    requestId: r.requestId,
    expiresAt: r.expiresAt,
    executeAfter: r.executeAfter,
    payloadHash: r.payloadHash,
  });

  async function resolveRef(ref: ApprovalRef | undefined): Promise<{
    requestId: string;
    digest?: string;
  }> {
    if (
      ref === undefined ||
      ref === '' ||
      (typeof ref === 'object' && 'code' in ref && !ref.code)
    ) {
      throw new ApprovalError(
        'APPROVAL_REQUIRED',
        'this write needs an approval: run a preview and have a person approve it',
      );
    }
    if (typeof ref === 'string') return { requestId: ref };
    if ('requestId' in ref) return { requestId: ref.requestId };
    const code = ref.code.trim();
    if (!/^[A-Za-z0-9_-]{8,64}$/.test(code)) {
      throw new ApprovalError('APPROVAL_NOT_FOUND', 'approval code is invalid or expired');
    }
    const digest = digestOf(code);
    const index = await store.get<{ requestId: string }>(`${CODE_KEY}${digest}`);
    if (!index || typeof index.requestId !== 'string') {
      throw new ApprovalError('APPROVAL_NOT_FOUND', 'approval code is invalid or expired');
    }
    return { requestId: index.requestId, digest };
  }

  async function decide(requestId: string, approver: string, status: 'approved' | 'rejected') {
    if (!approver.trim()) throw new PolicyInputError('approver', 'is required');
    const key = keyOf(requestId);
    const now = clock.now();
    return store.update<JsonValue, ApprovalView>(key, (raw) => {
      const r = parseApproval(key, raw);
      if (!r)
        throw new ApprovalError('APPROVAL_NOT_FOUND', 'approval request not found', { requestId });
      if (r.status === 'used')
        throw new ApprovalError('APPROVAL_USED', 'this approval was already used', { requestId });
      if (now >= r.expiresAt)
        throw new ApprovalError('APPROVAL_EXPIRED', 'this request has expired', { requestId });
      if (r.status === status) return withResult(undefined, viewOf(r));
      if (r.status !== 'pending') {
        throw new ApprovalError('APPROVAL_NOT_APPROVED', `this request was already ${r.status}`, {
          requestId,
        });
      }
      const next: ApprovalRecord = { ...r, status, approver: approver.trim(), decidedAt: now };
      return withResult(next, viewOf(next));
    });
  }

  return {
    async request(preview) {
      const targetId = preview.target.id;
      const hash = payloadHash({
        account: preview.account,
        action: preview.action,
        target: targetId,
        payload: preview.payload,
      });
      if (preview.payloadHash !== undefined && preview.payloadHash !== hash) {
        throw new PolicyInputError(
          'payloadHash',
          'does not match account, action, target and payload',
        );
      }
      const now = clock.now();
      const record: ApprovalRecord = {
        v: 1,
        requestId: `apr_${token(random, 16)}`,
        account: preview.account,
        action: preview.action,
        target: { id: targetId, title: preview.target.title ?? null, type: preview.target.type },
        payload: approvalPayloadSchema.parse(JSON.parse(JSON.stringify(preview.payload))),
        payloadHash: hash,
        summary: preview.summary.slice(0, 500),
        forceResend: preview.forceResend ?? false,
        createdAt: now,
        expiresAt: now + ttlMs,
        executeAfter: now + minAgeMs,
        status: 'pending',
        approver: null,
        decidedAt: null,
        usedAt: null,
        codeDigest: null,
        codeIssuedAt: null,
        claimToken: null,
      };
      await store.update(`${KEY}${record.requestId}`, (current) => {
        if (current !== undefined) throw new Error('approval request id collision');
        return record;
      });
      return ticketOf(record);
    },

    async issueCode(requestId, deliver) {
      const key = keyOf(requestId);
      const code = token(random, 9);
      const digest = digestOf(code);
      const now = clock.now();
      const record = await store.update<JsonValue, ApprovalRecord>(key, (raw) => {
        const r = parseApproval(key, raw);
        if (!r)
          throw new ApprovalError('APPROVAL_NOT_FOUND', 'approval request not found', {
            requestId,
          });
        if (r.status !== 'pending') {
          throw new ApprovalError('APPROVAL_NOT_APPROVED', `this request is already ${r.status}`, {
            requestId,
          });
        }
        if (now >= r.expiresAt)
          throw new ApprovalError('APPROVAL_EXPIRED', 'this request has expired', { requestId });
        const next: ApprovalRecord = { ...r, codeDigest: digest, codeIssuedAt: now };
        return withResult(next, next);
      });
      await store.update(`${CODE_KEY}${digest}`, () => ({
        requestId,
        expiresAt: record.expiresAt,
      }));
      const ticket = ticketOf(record);
      deliver(code, ticket);
      return ticket;
    },

    approve: (requestId, approver) => decide(requestId, approver, 'approved'),
    reject: (requestId, approver) => decide(requestId, approver, 'rejected'),

    async get(requestId) {
      const r = await load(requestId);
      return r && viewOf(r);
    },

    async pending() {
      const now = clock.now();
      const out: ApprovalView[] = [];
      for (const { key, value } of await store.list(KEY)) {
        const r = parseApproval(key, value);
        if (r && r.status === 'pending' && now < r.expiresAt) out.push(viewOf(r));
      }
      return out.sort((a, b) => a.createdAt - b.createdAt);
    },

    async claim(ref, binding) {
      const resolved = await resolveRef(ref);
      const r = await load(resolved.requestId);
      return viewOf(
        verifyApproval(r, resolved, binding, clock.now(), { forConsume: false, minAgeMs }),
      );
    },

    async reserve(ref, binding, holder) {
      const resolved = await resolveRef(ref);
      const key = keyOf(resolved.requestId);
      const now = clock.now();
      return store.update<JsonValue, ApprovalView>(key, (raw) => {
        const r = verifyApproval(parseApproval(key, raw), { ...resolved, holder }, binding, now, {
          forConsume: false,
          minAgeMs,
        });
        const next: ApprovalRecord = { ...r, claimToken: holder };
        return withResult(next, viewOf(next));
      });
    },

    async release(ref, holder) {
      const resolved = await resolveRef(ref);
      const key = keyOf(resolved.requestId);
      await store.update<JsonValue>(key, (raw) => {
        const r = parseApproval(key, raw);
        if (!r || r.claimToken !== holder || r.status === 'used') return undefined;
        return { ...r, claimToken: null };
      });
    },

    async consume(ref, binding, holder) {
      const resolved = await resolveRef(ref);
      const key = keyOf(resolved.requestId);
      const now = clock.now();
      const view = await store.update<JsonValue, ApprovalView>(key, (raw) => {
        const current = parseApproval(key, raw);
        // Without a holder (a caller that never reserved), whoever holds it does not matter.
        const by = holder ?? current?.claimToken ?? undefined;
        const r = verifyApproval(current, { ...resolved, holder: by }, binding, now, {
          forConsume: true,
          minAgeMs,
        });
        const next: ApprovalRecord = { ...r, status: 'used', usedAt: now, claimToken: null };
        return withResult(next, viewOf(next));
      });
      if (resolved.digest) await store.delete(`${CODE_KEY}${resolved.digest}`);
      return view;
    },

    async prune() {
      const now = clock.now();
      let removed = 0;
      for (const { key, value } of await store.list<{ expiresAt?: number }>('approval')) {
        const exp = typeof value === 'object' && value !== null ? value.expiresAt : undefined;
        if (typeof exp !== 'number' || now < exp + (key.startsWith(CODE_KEY) ? 0 : RETENTION_MS))
          continue;
        await store.update(key, (cur) => {
          const e = (cur as { expiresAt?: number } | undefined)?.expiresAt;
          return typeof e === 'number' && e === exp ? REMOVE : undefined;
        });
        removed++;
      }
      return { removed };
    },
  };
}
