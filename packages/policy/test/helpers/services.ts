// The write services wired as a server wires them (createWriteServices), over a fake Telegram:
// a resolver (names can move), recorded writes and members, an injected clock and channel.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ManualClock, createManualClock, memoryStore } from '@tgmcp/ratelimit';
import {
  type ActionsPolicy,
  type ApprovalChannel,
  type ResolvedPeer,
  type StateStore,
  type TargetHandle,
  type WriteServices,
  createWriteServices,
  elicitationChannel,
  loadActionsPolicy,
  memoryStateStore,
  operatorChannel,
  seedCodeChannel,
} from '../../src/index.js';
import { ACCOUNT, SAFE_ENV } from './world.js';

export interface ServicesWorld extends WriteServices {
  clock: ManualClock;
  policy: ActionsPolicy;
  state: StateStore;
  channel: ApprovalChannel;
  names: Map<string, ResolvedPeer>;
  /** What elicitation asked, and the answers it gives (false once they run out). */
  asked: Array<{ message: string; detail?: string }>;
  answers: boolean[];
  /** Seed codes delivered to the operator, with the line saying what they approve. */
  codes: Array<{ code: string; about: string }>;
  warnings: string[];
  /** Member adds that reached "Telegram", and who is in which group. */
  adds: Array<{ group: TargetHandle; user: TargetHandle }>;
  members: Map<string, Set<string>>;
  /** Errors the next adds and membership checks throw, in order. */
  addFailures: Error[];
  memberCheckFailures: Error[];
  capability: { run<T>(fn: () => Promise<T>): Promise<T>; active: boolean };
}

export async function servicesWorld(
  mode: 'operator' | 'elicit' | 'seed',
  env: Record<string, string> = {},
): Promise<ServicesWorld> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'tgmcp-services-'));
  const clock = createManualClock();
  const policy = loadActionsPolicy(
    { ...SAFE_ENV, TG_ACTIONS_APPROVAL_MODE: mode, ...env },
    { dataDir },
  );
  const state = memoryStateStore();
  const names = new Map<string, ResolvedPeer>([
    ['@club', { id: '-1001111', type: 'supergroup', title: 'Club', accessHash: '11' }],
    ['@alice', { id: '4242', type: 'user', title: 'Alice', accessHash: '42' }],
    ['@other', { id: '-1002222', type: 'supergroup', title: 'Other', accessHash: '22' }],
    ['-1009999', { id: '-1009999', type: 'channel', title: 'News', accessHash: '99' }],
  ]);
  const resolve = (ref: string) => {
    const peer = /^-?\d+$/.test(ref)
      ? [...names.values()].find((p) => p.id === ref)
      : names.get(`@${ref.replace(/^@/, '').toLowerCase()}`);
    return peer
      ? Promise.resolve({ ...peer })
      : Promise.reject(Object.assign(new Error(`no peer ${ref}`), { code: 'PEER_NOT_FOUND' }));
  };
  const asked: ServicesWorld['asked'] = [];
  const answers: boolean[] = [];
  const codes: ServicesWorld['codes'] = [];
  const channel =
    mode === 'elicit'
      ? elicitationChannel({
          ask: (q) => {
            asked.push(q);
            return Promise.resolve(answers.shift() ?? false);
          },
        })
      : mode === 'seed'
        ? seedCodeChannel({ deliverCode: (code, about) => codes.push({ code, about }) })
        : operatorChannel({ approveCommand: 'ops approve' });
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
  const adds: ServicesWorld['adds'] = [];
  const members = new Map<string, Set<string>>();
  const addFailures: Error[] = [];
  const memberCheckFailures: Error[] = [];
  const warnings: string[] = [];
  const services = await createWriteServices({
    policy,
    state,
    quotaStore: memoryStore(),
    account: ACCOUNT,
    resolve,
    writeCapability: capability,
    channel,
    isMember: (group, user) => {
      const failure = memberCheckFailures.shift();
      if (failure) return Promise.reject(failure);
      return Promise.resolve(members.get(group)?.has(user) ?? false);
    },
    addMember: (group, user) => {
      if (!capability.active) throw new Error('write outside the capability');
      const failure = addFailures.shift();
      if (failure) return Promise.reject(failure);
      adds.push({ group, user });
      members.set(group.id, new Set([...(members.get(group.id) ?? []), user.id]));
      return Promise.resolve({ chat_id: group.id, user_id: user.id });
    },
    warn: (line) => warnings.push(line),
    clock,
  });
  return {
    ...services,
    clock,
    policy,
    state,
    channel,
    names,
    asked,
    answers,
    codes,
    warnings,
    adds,
    members,
    addFailures,
    memberCheckFailures,
    capability,
  };
}
