// Daily quotas for writes (dm, join, group_msg, first_contact) on @tgmcp/ratelimit's
// DailyQuota: reserved atomically at commit, all kinds or none, and refunded when the write
// fails (fixes D10). The kind follows the resolved peer type, never the tool (fixes D7).
import { type Clock, systemClock } from '@tgmcp/core';
import {
  type DailyQuota,
  type QuotaUsage,
  type RateLimitStore,
  QuotaExceededError,
  createDailyQuota,
} from '@tgmcp/ratelimit';
import type { QuotaKind } from '../config/actions-policy.js';
import { QuotaExceededRefusal } from '../errors.js';

export const PEER_TYPES = ['user', 'bot', 'group', 'supergroup', 'channel'] as const;
export type PeerType = (typeof PEER_TYPES)[number];

export interface QuotaNeed {
  kind: QuotaKind;
  n: number;
}

/**
 * The units a write spends. Messages and files: `dm` to a user (plus `first_contact` when the
 * account never talked to them), `group_msg` to a group or channel. Member changes: `join`
 * per membership change (a migration is two).
 */
export function quotaNeeds(
  action: string,
  peerType: PeerType,
  options: { firstContact?: boolean } = {},
): QuotaNeed[] {
  switch (action) {
    case 'send_message':
    case 'send_file':
      if (peerType === 'user' || peerType === 'bot') {
        return options.firstContact
          ? [
              { kind: 'dm', n: 1 },
              { kind: 'first_contact', n: 1 },
            ]
          : [{ kind: 'dm', n: 1 }];
      }
      return [{ kind: 'group_msg', n: 1 }];
    case 'add_member':
    case 'remove_member':
      return [{ kind: 'join', n: 1 }];
    case 'migrate_member':
      return [{ kind: 'join', n: 2 }];
    default:
      return [];
  }
}

export interface QuotaReservation {
  readonly needs: readonly QuotaNeed[];
  /** Gives the units back (the write did not happen). Safe to call once; later calls do nothing. */
  refund(): Promise<void>;
}

export interface ActionQuotasOptions {
  store: RateLimitStore;
  limits: Record<QuotaKind, number>;
  /** The account id: each account has its own counters. */
  account: string;
  clock?: Clock;
  /** Default UTC (D47). */
  timeZone?: string;
}

export interface ActionQuotas {
  readonly limits: Readonly<Record<QuotaKind, number>>;
  /** Throws QuotaExceededRefusal when `needs` do not fit right now; changes nothing. */
  check(needs: readonly QuotaNeed[]): Promise<void>;
  /** Atomically takes every need or none; throws QuotaExceededRefusal. */
  reserve(needs: readonly QuotaNeed[]): Promise<QuotaReservation>;
  usage(): Promise<Record<string, QuotaUsage>>;
}

export function createActionQuotas(options: ActionQuotasOptions): ActionQuotas {
  const clock = options.clock ?? systemClock;
  const quota: DailyQuota = createDailyQuota({
    store: options.store,
    limits: { ...options.limits },
    key: `actions:${options.account}`,
    clock,
    timeZone: options.timeZone ?? 'UTC',
  });
  const refusal = (err: QuotaExceededError) =>
    new QuotaExceededRefusal(err.kind, err.limit, err.used, err.resetsAt, clock.now());

  return {
    limits: Object.freeze({ ...options.limits }),
    async check(needs) {
      const usage = await quota.usage();
      for (const need of needs) {
        const u = usage[need.kind];
        if (u && u.remaining < need.n) {
          throw new QuotaExceededRefusal(need.kind, u.limit, u.used, u.resetsAt, clock.now());
        }
      }
    },
    async reserve(needs) {
      const taken: QuotaNeed[] = [];
      try {
        for (const need of needs) {
          await quota.consume(need.kind, need.n);
          taken.push(need);
        }
      } catch (err) {
        for (const t of taken.reverse()) await quota.refund(t.kind, t.n);
        if (err instanceof QuotaExceededError) throw refusal(err);
        throw err;
      }
      let refunded = false;
      return {
        needs: [...needs],
        async refund() {
          if (refunded) return;
          refunded = true;
          for (const t of [...needs].reverse()) await quota.refund(t.kind, t.n);
        },
      };
    },
    usage: () => quota.usage(),
  };
}
