// One wrapper for every Telegram call: breaker -> flood memory -> quota -> limiter -> call, and
// on a flood answer: remember it, maybe open the breaker, then wait (bounded, reported through
// onWait) and retry, or throw a typed error that says when to retry.
import { type Clock, systemClock } from '../clock.js';
import type { CircuitBreaker } from '../breaker/circuit-breaker.js';
import { FloodWaitError, InvalidOptionError, PeerFloodError } from '../errors.js';
import { type FloodKind, classifyTelegramError } from '../flood/classify.js';
import type { FloodMemory } from '../flood/flood-memory.js';
import type { AcquirePriority, RateLimiter } from '../limiter/rate-limiter.js';
import { integerAtLeast, nonNegativeNumber } from '../options.js';
import type { DailyQuota } from '../quota/daily-quota.js';

export interface CallMeta {
  /** API method name, used for per-method flood memory (`messages.sendMessage`). */
  method: string;
  /** Chat the call is about, used for per-chat slowmode memory. */
  chat?: string;
  /** Daily quota kind to charge once per call (not per retry), e.g. `group_msg`. */
  quotaKind?: string;
  /** Limiter tokens. Default 1. */
  cost?: number;
  /** `'interactive'` (default) or `'bulk'` (exports): see AcquireOptions.priority. */
  priority?: AcquirePriority;
  signal?: AbortSignal;
}

export interface WaitEvent {
  /** Why we wait: a flood kind Telegram answered with, or `flood_memory` for a remembered wait. */
  reason: FloodKind | 'flood_memory';
  seconds: number;
  /** 1 for the first retry. 0 for a wait before the first attempt. */
  attempt: number;
  method: string;
  chat?: string;
}

export interface CallGuardOptions {
  limiter: RateLimiter;
  flood?: FloodMemory;
  breaker?: CircuitBreaker;
  quota?: DailyQuota;
  /** FLOOD_WAIT retries per call. Default 3 (the seed's). */
  maxRetries?: number;
  /** The longest single wait done in-call; longer ones throw with `retryAfterSec`. Default 60. */
  maxWaitSec?: number;
  /** Called before every sleep; servers turn it into progress notifications. */
  onWait?: (event: WaitEvent) => void;
  clock?: Clock;
}

export interface CallGuard {
  run<T>(meta: CallMeta, fn: () => Promise<T>): Promise<T>;
}

export function createCallGuard(options: CallGuardOptions): CallGuard {
  const { limiter, flood, breaker, quota, onWait, clock = systemClock } = options;
  const maxRetries = integerAtLeast('maxRetries', options.maxRetries ?? 3, 0);
  const maxWaitSec = nonNegativeNumber('maxWaitSec', options.maxWaitSec ?? 60);

  async function waitFor(event: WaitEvent, signal?: AbortSignal) {
    onWait?.(event);
    await clock.sleep(event.seconds * 1000, signal);
  }

  // Waits out remembered floods that fit the budget; throws for those that do not.
  async function waitForMemory(meta: CallMeta) {
    if (!flood) return;
    for (;;) {
      const active = await flood.check({ method: meta.method, chat: meta.chat });
      if (!active) return;
      const seconds = Math.ceil(active.remainingMs / 1000);
      // An unreadable record stays unreadable however long we sleep: refuse at once.
      if (seconds > maxWaitSec || active.unreadable) {
        throw new FloodWaitError(seconds, active.scope, {
          method: meta.method,
          chat: meta.chat,
          kind: active.unreadable ? 'state_unreadable' : 'flood_memory',
        });
      }
      await waitFor(
        {
          reason: 'flood_memory',
          seconds: active.remainingMs / 1000,
          attempt: 0,
          method: meta.method,
          chat: meta.chat,
        },
        meta.signal,
      );
    }
  }

  return {
    async run(meta, fn) {
      if (typeof meta?.method !== 'string' || meta.method === '') {
        throw new InvalidOptionError('method', 'must be a non-empty string', meta?.method);
      }
      let retries = 0;
      let charged = false;
      const refund = async () => {
        if (charged && quota && meta.quotaKind) await quota.refund(meta.quotaKind);
        charged = false;
      };
      try {
        for (;;) {
          meta.signal?.throwIfAborted();
          await breaker?.check();
          await waitForMemory(meta);
          if (quota && meta.quotaKind && !charged) {
            await quota.consume(meta.quotaKind);
            charged = true;
          }
          await limiter.acquire({ cost: meta.cost, priority: meta.priority, signal: meta.signal });
          try {
            return await fn();
          } catch (err) {
            const c = classifyTelegramError(err);
            // Not a flood answer: Telegram may have acted on it, so the quota stays charged.
            if (!c) {
              charged = false;
              throw err;
            }
            if (c.kind === 'peer_flood') {
              throw new PeerFloodError({ method: meta.method, chat: meta.chat }, { cause: err });
            }
            const seconds = c.retryAfterSec ?? 0;
            await flood?.record(c, { method: meta.method, chat: meta.chat });
            await breaker?.trip(seconds);
            retries++;
            const wait = seconds + 2 ** (retries - 1);
            if (retries > maxRetries || wait > maxWaitSec) {
              throw new FloodWaitError(
                seconds,
                c.scope,
                { method: meta.method, chat: meta.chat, kind: c.kind },
                { cause: err },
              );
            }
            await waitFor(
              {
                reason: c.kind,
                seconds: wait,
                attempt: retries,
                method: meta.method,
                chat: meta.chat,
              },
              meta.signal,
            );
          }
        }
      } catch (err) {
        await refund();
        throw err;
      }
    },
  };
}
