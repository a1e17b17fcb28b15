// A breaker shared through the store: one long FLOOD_WAIT (>= threshold) stops every process
// using the account until the cooldown (or the wait itself, if longer) has passed.
import { type Clock, systemClock } from '../clock.js';
import { CircuitOpenError } from '../errors.js';
import { nonEmptyString, nonNegativeNumber } from '../options.js';
import type { RateLimitStore } from '../stores/types.js';

export interface CircuitBreakerOptions {
  store: RateLimitStore;
  /** A wait of at least this many seconds opens the breaker; 0 never opens it. Default 300. */
  thresholdSec?: number;
  /** How long the breaker stays open (at least the wait itself). Default 900. */
  cooldownSec?: number;
  clock?: Clock;
  /** Namespace in the store, usually the account id. Default `default`. */
  key?: string;
}

export interface CircuitBreakerState {
  enabled: boolean;
  open: boolean;
  remainingSec: number;
  /** Set when the shared state could not be read: the breaker then counts as open. */
  unreadable?: true;
  thresholdSec: number;
  cooldownSec: number;
}

export interface CircuitBreaker {
  readonly thresholdSec: number;
  readonly cooldownSec: number;
  /** Throws CircuitOpenError while open. */
  check(): Promise<void>;
  /** Reports a wait Telegram asked for; returns true when it opened (or extended) the breaker. */
  trip(waitSec: number): Promise<boolean>;
  state(): Promise<CircuitBreakerState>;
  reset(): Promise<void>;
}

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { store, clock = systemClock } = options;
  const thresholdSec = nonNegativeNumber('thresholdSec', options.thresholdSec ?? 300);
  const cooldownSec = nonNegativeNumber('cooldownSec', options.cooldownSec ?? 900);
  const storeKey = `breaker:${nonEmptyString('key', options.key ?? 'default')}`;
  const enabled = thresholdSec > 0;

  // An unreadable state (the store reports Infinity) hides how long the breaker was opened for:
  // assume the longest this breaker opens on its own, until the state is readable again.
  const unreadableSec = Math.max(cooldownSec, thresholdSec, 1);
  const remainingMs = async () => (await store.holds([storeKey], clock.now()))[0] ?? 0;

  return {
    thresholdSec,
    cooldownSec,
    async check() {
      const ms = await remainingMs();
      if (ms === Number.POSITIVE_INFINITY)
        throw new CircuitOpenError(unreadableSec, 'state_unreadable');
      if (ms > 0) throw new CircuitOpenError(Math.ceil(ms / 1000));
    },
    async trip(waitSec) {
      if (!enabled || !Number.isFinite(waitSec) || waitSec < thresholdSec) return false;
      // Open for the cooldown or for the wait itself, whichever is longer (the seed used the
      // cooldown alone and reopened traffic while Telegram still refused it).
      await store.hold(storeKey, Math.max(cooldownSec, waitSec) * 1000, clock.now());
      return true;
    },
    async state() {
      const ms = await remainingMs();
      if (ms === Number.POSITIVE_INFINITY) {
        return {
          enabled,
          open: true,
          remainingSec: unreadableSec,
          unreadable: true,
          thresholdSec,
          cooldownSec,
        };
      }
      return {
        enabled,
        open: ms > 0,
        remainingSec: Math.ceil(ms / 1000),
        thresholdSec,
        cooldownSec,
      };
    },
    reset() {
      return store.clearHold(storeKey);
    },
  };
}
