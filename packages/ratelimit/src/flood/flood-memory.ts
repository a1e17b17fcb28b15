// Remembers Telegram's active waits per method, per chat and for the whole account, in a shared
// store, so the next call to a method in FLOOD_WAIT waits or fails fast instead of asking again.
import { type Clock, systemClock } from '../clock.js';
import type { FloodScope } from '../errors.js';
import { nonEmptyString, positiveNumber } from '../options.js';
import type { RateLimitStore } from '../stores/types.js';
import type { FloodClassification } from './classify.js';

export interface FloodTarget {
  /** The API method, e.g. `messages.sendMessage` or `sendMessage`. */
  method?: string;
  /** A chat id or username the call is about (slowmode is per chat). */
  chat?: string;
}

export interface ActiveWait {
  scope: FloodScope;
  /** The method or chat the wait applies to; undefined for the account. */
  target?: string;
  remainingMs: number;
  /** Set when the wait's state could not be read; `remainingMs` is then an assumption. */
  unreadable?: true;
}

export interface FloodMemory {
  /** Remembers a classified wait; PEER_FLOOD and waits of 0 seconds are not remembered. */
  record(classification: FloodClassification, target: FloodTarget): Promise<void>;
  /** The longest active wait that applies to a call, or null when it may go. */
  check(target: FloodTarget): Promise<ActiveWait | null>;
  /** Every active wait (for stats). */
  active(): Promise<ActiveWait[]>;
  clear(scope: FloodScope, target?: string): Promise<void>;
}

export interface FloodMemoryOptions {
  store: RateLimitStore;
  clock?: Clock;
  /** Namespace in the store, usually the account id. Default `default`. */
  key?: string;
  /**
   * The wait assumed for a record that exists but cannot be read (a corrupt or unreadable state
   * file): such a wait applies until the record is readable again or deleted. Default 900.
   */
  unreadableWaitSec?: number;
}

export function createFloodMemory(options: FloodMemoryOptions): FloodMemory {
  const { store, clock = systemClock } = options;
  const prefix = `flood:${nonEmptyString('key', options.key ?? 'default')}:`;
  const unreadableMs = positiveNumber('unreadableWaitSec', options.unreadableWaitSec ?? 900) * 1000;
  const keyOf = (scope: FloodScope, target?: string) =>
    scope === 'account' ? `${prefix}account` : `${prefix}${scope}:${target ?? ''}`;

  const candidates = (t: FloodTarget): Array<[FloodScope, string | undefined]> => {
    const list: Array<[FloodScope, string | undefined]> = [['account', undefined]];
    if (t.method) list.push(['method', t.method]);
    if (t.chat) list.push(['chat', t.chat]);
    return list;
  };

  return {
    async record(c, target) {
      if (c.retryAfterSec === null || c.retryAfterSec <= 0) return;
      const name =
        c.scope === 'chat' ? target.chat : c.scope === 'method' ? target.method : undefined;
      // A chat-scoped wait without a chat (or method-scoped without a method) still must not be
      // lost: it then applies to the whole account, the safe side.
      const scope: FloodScope = c.scope !== 'account' && !name ? 'account' : c.scope;
      await store.hold(keyOf(scope, name), c.retryAfterSec * 1000, clock.now());
    },
    async check(target) {
      const list = candidates(target);
      const remaining = await store.holds(
        list.map(([scope, name]) => keyOf(scope, name)),
        clock.now(),
      );
      // An unreadable record (Infinity) outranks every readable one: its real length is unknown.
      let best = -1;
      remaining.forEach((ms, i) => {
        if (ms > 0 && (best < 0 || ms > remaining[best]!)) best = i;
      });
      if (best < 0) return null;
      const [scope, name] = list[best]!;
      const ms = remaining[best]!;
      if (ms !== Number.POSITIVE_INFINITY) return { scope, target: name, remainingMs: ms };
      const longestReadable = Math.max(0, ...remaining.filter((r) => r !== ms));
      return {
        scope,
        target: name,
        remainingMs: Math.max(unreadableMs, longestReadable),
        unreadable: true,
      };
    },
    async active() {
      const holds = await store.listHolds(prefix, clock.now());
      return holds.map(({ key, remainingMs }) => {
        const rest = key.slice(prefix.length);
        if (rest === 'account') return { scope: 'account' as const, remainingMs };
        const colon = rest.indexOf(':');
        return {
          scope: rest.slice(0, colon) as FloodScope,
          target: rest.slice(colon + 1),
          remainingMs,
        };
      });
    },
    clear(scope, target) {
      return store.clearHold(keyOf(scope, target));
    },
  };
}
