// A grammY API transformer for bots: Telegram's bot limits (about 30 requests/s overall, about
// 1 message/s per chat, 20 messages/min per group) through the package's limiter, 429 answers
// remembered in flood memory and waited out (bounded, reported) before a retry.
import type { Transformer } from 'grammy';
import { type Clock, systemClock } from '../clock.js';
import { InvalidOptionError } from '../errors.js';
import { classifyTelegramError } from '../flood/classify.js';
import { createFloodMemory } from '../flood/flood-memory.js';
import type { WaitEvent } from '../guard/call-guard.js';
import { type RateLimiter, createRateLimiter } from '../limiter/rate-limiter.js';
import { integerAtLeast, nonEmptyString, nonNegativeNumber, positiveNumber } from '../options.js';
import { memoryStore } from '../stores/memory.js';
import type { RateLimitStore } from '../stores/types.js';
import { isSendMethod } from './methods.js';

export interface GrammyRateLimitOptions {
  /** Where buckets and remembered waits live; share a file or Redis store between bot processes. Default memory. */
  store?: RateLimitStore;
  /** Namespace in the store, e.g. the bot's id. Default `grammy`. */
  keyPrefix?: string;
  /** Requests per second for the whole bot. Default 30. */
  globalRate?: number;
  /** Burst for the whole bot. Default 30. */
  globalBurst?: number;
  /** Messages per second to one chat. Default 1. */
  perChatRate?: number;
  /** Burst to one chat. Default 3. */
  perChatBurst?: number;
  /** Messages per minute to one group or channel (negative chat id or `@username`). Default 20. */
  perGroupPerMinute?: number;
  /** Burst to one group. Default 5. */
  perGroupBurst?: number;
  /** Which methods count toward the per-chat and per-group limits. Default: sends and edits. */
  isSendMethod?: (method: string) => boolean;
  /** Retries after a 429. Default 3. */
  maxRetries?: number;
  /** The longest wait done in-call; a longer retry_after is returned to grammY as the 429. Default 60. */
  maxWaitSec?: number;
  /** Called before every sleep. */
  onWait?: (event: WaitEvent) => void;
  clock?: Clock;
  /** Per-chat limiters kept in memory at most (least recently used are dropped). Default 10,000. */
  maxTrackedChats?: number;
}

interface ApiFailure {
  ok: false;
  error_code: number;
  description: string;
  parameters?: { retry_after?: number };
}

const isGroupChat = (chat: string) => chat.startsWith('-') || chat.startsWith('@');

export function rateLimitTransformer(options: GrammyRateLimitOptions = {}): Transformer {
  const store = options.store ?? memoryStore();
  const clock = options.clock ?? systemClock;
  const prefix = nonEmptyString('keyPrefix', options.keyPrefix ?? 'grammy');
  const maxRetries = integerAtLeast('maxRetries', options.maxRetries ?? 3, 0);
  const maxWaitSec = nonNegativeNumber('maxWaitSec', options.maxWaitSec ?? 60);
  const perChatRate = positiveNumber('perChatRate', options.perChatRate ?? 1);
  const perChatBurst = positiveNumber('perChatBurst', options.perChatBurst ?? 3);
  const perGroupRate = positiveNumber('perGroupPerMinute', options.perGroupPerMinute ?? 20) / 60;
  const perGroupBurst = positiveNumber('perGroupBurst', options.perGroupBurst ?? 5);
  const maxTracked = integerAtLeast('maxTrackedChats', options.maxTrackedChats ?? 10_000, 1);
  const countsTowardChat = options.isSendMethod ?? isSendMethod;
  if (typeof countsTowardChat !== 'function')
    throw new InvalidOptionError('isSendMethod', 'must be a function', countsTowardChat);
  const global = createRateLimiter({
    rate: options.globalRate ?? 30,
    burst: options.globalBurst ?? 30,
    store,
    clock,
    key: `${prefix}:global`,
  });
  const flood = createFloodMemory({ store, clock, key: prefix });
  const chatLimiters = new Map<string, RateLimiter>();

  const limiterFor = (kind: 'chat' | 'group', chat: string): RateLimiter => {
    const key = `${prefix}:${kind}:${chat}`;
    let limiter = chatLimiters.get(key);
    if (limiter) {
      chatLimiters.delete(key); // re-insert: most recently used last
    } else {
      limiter =
        kind === 'chat'
          ? createRateLimiter({ rate: perChatRate, burst: perChatBurst, store, clock, key })
          : createRateLimiter({ rate: perGroupRate, burst: perGroupBurst, store, clock, key });
      if (chatLimiters.size >= maxTracked) chatLimiters.delete(chatLimiters.keys().next().value!);
    }
    chatLimiters.set(key, limiter);
    return limiter;
  };

  const transformer: Transformer = async (prev, method, payload, grammySignal) => {
    const cancel = platformSignal(grammySignal);
    try {
      const chat = chatOf(payload);
      const paced = chat !== undefined && countsTowardChat(method);
      for (let attempt = 0; ;) {
        const active = await flood.check({ method, chat });
        if (active) {
          const seconds = active.remainingMs / 1000;
          if (seconds > maxWaitSec) return tooManyRequests(Math.ceil(seconds));
          options.onWait?.({ reason: 'flood_memory', seconds, attempt, method, chat });
          await clock.sleep(active.remainingMs, cancel.signal);
          continue;
        }
        await global.acquire({ signal: cancel.signal });
        if (paced) {
          await limiterFor('chat', chat).acquire({ signal: cancel.signal });
          if (isGroupChat(chat)) await limiterFor('group', chat).acquire({ signal: cancel.signal });
        }
        const response = await prev(method, payload, grammySignal);
        const c = response.ok ? null : classifyTelegramError(response);
        if (!c || c.retryAfterSec === null) return response;
        // A bot's 429 for a send names no scope: remember it for the chat when there is one.
        await flood.record({ ...c, scope: chat ? 'chat' : 'method' }, { method, chat });
        attempt++;
        if (attempt > maxRetries || c.retryAfterSec > maxWaitSec) return response;
        options.onWait?.({ reason: c.kind, seconds: c.retryAfterSec, attempt, method, chat });
        await clock.sleep(c.retryAfterSec * 1000, cancel.signal);
      }
    } finally {
      cancel.release();
    }
  };
  return transformer;
}

/** The chat a call goes to: its `chat_id`, when the payload has one. */
function chatOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || !('chat_id' in payload)) return undefined;
  const id = payload.chat_id;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : undefined;
}

type GrammySignal = Parameters<Transformer>[3];

/**
 * grammY types a call's signal with the abort-controller ponyfill. Callers on Node pass the
 * platform's AbortSignal, used as it is; any other signal is followed by a platform one for the
 * length of the call, so our waits stay cancellable either way.
 */
function platformSignal(signal: GrammySignal): { signal?: AbortSignal; release(): void } {
  if (signal === undefined || signal instanceof AbortSignal) return { signal, release() {} };
  const controller = new AbortController();
  const follow = () => controller.abort();
  if (signal.aborted) follow();
  else signal.addEventListener('abort', follow, { once: true });
  return {
    signal: controller.signal,
    release: () => signal.removeEventListener('abort', follow),
  };
}

function tooManyRequests(retryAfter: number): ApiFailure {
  return {
    ok: false,
    error_code: 429,
    description: `Too Many Requests: retry after ${retryAfter} (remembered by @tgmcp/ratelimit, not sent)`,
    parameters: { retry_after: retryAfter },
  };
}
