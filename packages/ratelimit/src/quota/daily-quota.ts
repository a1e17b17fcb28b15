// Named daily counters (dm, join, group_msg, ...) with an atomic check-and-increment in the
// store: two processes can never both take the last unit.
import { type Clock, systemClock } from '../clock.js';
import { InvalidOptionError, QuotaExceededError } from '../errors.js';
import { integerAtLeast, nonEmptyString } from '../options.js';
import type { RateLimitStore } from '../stores/types.js';
import { type DayWindow, dayWindow, validateTimeZone } from './day.js';

/** The seed's daily limits (MAX_DM_PER_DAY, MAX_JOINS_PER_DAY, MAX_GROUP_MSGS_PER_DAY). */
export const DEFAULT_DAILY_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  dm: 20,
  join: 20,
  group_msg: 30,
});

export interface DailyQuotaOptions {
  /** Limits per kind, merged over the seed's defaults; any kind name is allowed. */
  limits?: Record<string, number>;
  store: RateLimitStore;
  /** IANA zone whose midnight starts a new day. Default `UTC`. */
  timeZone?: string;
  clock?: Clock;
  /** Namespace in the store, usually the account id. Default `default`. */
  key?: string;
}

export interface QuotaUsage {
  kind: string;
  used: number;
  limit: number;
  remaining: number;
  day: string;
  resetsAt: Date;
}

export interface DailyQuota {
  readonly timeZone: string;
  readonly limits: Readonly<Record<string, number>>;
  /** Atomically checks and takes `n` units; throws QuotaExceededError when they do not fit. */
  consume(kind: string, n?: number): Promise<QuotaUsage>;
  /** Gives back units taken by `consume` for work that did not happen. */
  refund(kind: string, n?: number): Promise<QuotaUsage>;
  usage(): Promise<Record<string, QuotaUsage>>;
}

export function createDailyQuota(options: DailyQuotaOptions): DailyQuota {
  const { store, clock = systemClock } = options;
  const timeZone = validateTimeZone(options.timeZone ?? 'UTC');
  const ns = nonEmptyString('key', options.key ?? 'default');
  const limits: Record<string, number> = { ...DEFAULT_DAILY_LIMITS };
  for (const [kind, limit] of Object.entries(options.limits ?? {})) {
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(kind)) {
      throw new InvalidOptionError(
        'limits',
        'keys must be 1-64 letters, digits, "_", "." or "-"',
        kind,
      );
    }
    limits[kind] = integerAtLeast(`limits.${kind}`, limit, 0);
  }
  Object.freeze(limits);

  let cached: DayWindow | undefined;
  const window = (now: number): DayWindow => {
    if (!cached || now >= cached.endsAt) cached = dayWindow(now, timeZone);
    return cached;
  };
  const limitOf = (kind: string): number => {
    const limit = Object.hasOwn(limits, kind) ? limits[kind] : undefined;
    if (limit === undefined) {
      throw new InvalidOptionError(
        'kind',
        `must be one of ${Object.keys(limits).join(', ')}`,
        kind,
      );
    }
    return limit;
  };
  const usageOf = (kind: string, limit: number, used: number, w: DayWindow): QuotaUsage => ({
    kind,
    used,
    limit,
    remaining: Math.max(0, limit - used),
    day: w.day,
    resetsAt: new Date(w.endsAt),
  });
  // Counters live a day past their end so a late reader on a skewed host still sees them.
  const change = async (kind: string, by: number) => {
    const limit = limitOf(kind);
    const now = clock.now();
    const w = window(now);
    const result = await store.increment(
      `quota:${ns}:${kind}:${w.day}`,
      { by, limit, expiresAtMs: w.endsAt + 86_400_000 },
      now,
    );
    return { limit, w, result };
  };

  return {
    timeZone,
    limits,
    async consume(kind, n = 1) {
      integerAtLeast('n', n, 1);
      const { limit, w, result } = await change(kind, n);
      if (!result.ok)
        throw new QuotaExceededError(kind, limit, result.used, new Date(w.endsAt), clock);
      return usageOf(kind, limit, result.used, w);
    },
    async refund(kind, n = 1) {
      integerAtLeast('n', n, 1);
      const { limit, w, result } = await change(kind, -n);
      return usageOf(kind, limit, result.used, w);
    },
    async usage() {
      const now = clock.now();
      const w = window(now);
      const out: Record<string, QuotaUsage> = {};
      for (const [kind, limit] of Object.entries(limits)) {
        const used = await store.readCounter(`quota:${ns}:${kind}:${w.day}`, now);
        // A counter lost to corruption reads as infinite: report it as used up.
        out[kind] = usageOf(kind, limit, Number.isFinite(used) ? used : limit, w);
      }
      return out;
    },
  };
}
