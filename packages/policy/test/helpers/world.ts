// A small policy world for tests: a fake resolver (names can move), memory stores, a manual
// clock, a recording write capability, and the executor wired like a server would.
import { createManualClock, memoryStore, type ManualClock } from '@tgmcp/ratelimit';
import {
  type ActionsPolicy,
  type ResolvedPeer,
  type StateStore,
  createActionQuotas,
  createAllowlist,
  createApprovalStore,
  createAuditLog,
  createIdempotencyStore,
  createWriteExecutor,
  loadActionsPolicy,
  memoryStateStore,
} from '../../src/index.js';

export const ACCOUNT = '777000';
export const PHRASE = 'отправляй';

export const SAFE_ENV: Record<string, string> = {
  TG_ACTIONS_ENABLED: '1',
  TG_ACTIONS_ALLOWED_GROUPS: '@club,@alice,-1009999',
};

export interface World {
  clock: ManualClock;
  policy: ActionsPolicy;
  state: StateStore;
  names: Map<string, ResolvedPeer>;
  resolveCalls: string[];
  sent: Array<{ target: string; text: string }>;
  codes: string[];
  capability: { run<T>(fn: () => Promise<T>): Promise<T>; active: boolean };
  executor: ReturnType<typeof createWriteExecutor>;
  approvals: ReturnType<typeof createApprovalStore>;
  idempotency: ReturnType<typeof createIdempotencyStore>;
  quotas: ReturnType<typeof createActionQuotas>;
  allowlist: ReturnType<typeof createAllowlist>;
  audit: ReturnType<typeof createAuditLog>;
  resolve: (ref: string) => Promise<ResolvedPeer>;
}

export function createWorld(
  dataDir: string,
  env: Record<string, string> = {},
  opts: { mode?: 'operator' | 'seed' | 'elicit' } = {},
): World {
  const clock = createManualClock();
  const policy = loadActionsPolicy({ ...SAFE_ENV, ...env }, { dataDir });
  const state = memoryStateStore();
  const names = new Map<string, ResolvedPeer>([
    ['@club', { id: '-1001111', type: 'supergroup', title: 'Club' }],
    ['@alice', { id: '4242', type: 'user', title: 'Alice' }],
    ['@bob', { id: '4343', type: 'user', title: 'Bob' }],
    ['@other', { id: '-1002222', type: 'supergroup', title: 'Other' }],
    ['-1009999', { id: '-1009999', type: 'channel', title: 'News' }],
  ]);
  const resolveCalls: string[] = [];
  const resolve = (ref: string) => {
    resolveCalls.push(ref);
    const peer = /^-?\d+$/.test(ref)
      ? [...names.values()].find((p) => p.id === ref)
      : names.get(`@${ref.replace(/^@/, '').toLowerCase()}`);
    return peer ? Promise.resolve({ ...peer }) : Promise.reject(new Error(`no peer ${ref}`));
  };
  const sent: World['sent'] = [];
  const codes: string[] = [];
  const capability = {
    active: false,
    async run<T>(fn: () => Promise<T>): Promise<T> {
      capability.active = true;
      try {
        return await fn();
      } finally {
        capability.active = false;
      }
    },
  };
  const approvals = createApprovalStore({
    store: state,
    ttlSec: policy.approvalTtlSec,
    minAgeSec: policy.approvalMinAgeSec,
    clock,
  });
  const idempotency = createIdempotencyStore({
    store: state,
    enabled: policy.idempotencyEnabled,
    windowSec: policy.idempotencyWindowSec,
    leaseSec: policy.idempotencyLeaseSec,
    clock,
  });
  const quotas = createActionQuotas({
    store: memoryStore(),
    limits: policy.dailyLimits,
    account: ACCOUNT,
    clock,
  });
  const allowlist = createAllowlist({
    entries: policy.allowedTargets,
    resolve,
    account: ACCOUNT,
    store: state,
    clock,
    onWarning: () => {},
  });
  const audit = createAuditLog({ file: policy.auditFile, clock });
  const executor = createWriteExecutor({
    policy,
    allowlist,
    resolve,
    approvals,
    idempotency,
    quotas,
    audit,
    writeCapability: capability,
    clock,
    approvalMode: opts.mode ?? 'operator',
    deliverCode: (code) => codes.push(code),
  });
  return {
    clock,
    policy,
    state,
    names,
    resolveCalls,
    sent,
    codes,
    capability,
    executor,
    approvals,
    idempotency,
    quotas,
    allowlist,
    audit,
    resolve,
  };
}

/** A send_message request as a server would build it. */
export function sendRequest(
  target: string,
  text: string,
  extra: Partial<Parameters<World['executor']['execute']>[0]> = {},
) {
  return {
    account: ACCOUNT,
    action: 'send_message',
    target,
    payload: { text: text.trim() },
    text,
    confirm: true,
    confirmationText: PHRASE,
    ...extra,
  };
}

/** A fake Telegram send that records what it sent, only under the capability. */
export function sendVia(w: World, target: string, text: string) {
  return async () => {
    if (!w.capability.active) throw new Error('write outside the capability');
    w.sent.push({ target, text });
    return { chat_id: target, message_id: w.sent.length };
  };
}
