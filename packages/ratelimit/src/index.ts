// @tgmcp/ratelimit: keeps a Telegram account within Telegram's limits, across processes.
export { systemClock, createManualClock } from './clock.js';
export type { Clock, ManualClock } from './clock.js';

export {
  RateLimitError,
  InvalidOptionError,
  FloodWaitError,
  PeerFloodError,
  CircuitOpenError,
  QuotaExceededError,
  StoreLockTimeoutError,
  StateUnreadableError,
  MaxWaitExceededError,
} from './errors.js';
export type { RateLimitErrorCode, FloodScope } from './errors.js';

export { createRateLimiter } from './limiter/rate-limiter.js';
export type {
  RateLimiter,
  RateLimiterOptions,
  RateLimiterStats,
  AcquireOptions,
  AcquirePriority,
  Grant,
  TryAcquireResult,
} from './limiter/rate-limiter.js';

export { createDailyQuota, DEFAULT_DAILY_LIMITS } from './quota/daily-quota.js';
export type { DailyQuota, DailyQuotaOptions, QuotaUsage } from './quota/daily-quota.js';

export { classifyTelegramError } from './flood/classify.js';
export type { FloodClassification, FloodKind } from './flood/classify.js';

export { createFloodMemory } from './flood/flood-memory.js';
export type {
  FloodMemory,
  FloodMemoryOptions,
  FloodTarget,
  ActiveWait,
} from './flood/flood-memory.js';

export { createCircuitBreaker } from './breaker/circuit-breaker.js';
export type {
  CircuitBreaker,
  CircuitBreakerOptions,
  CircuitBreakerState,
} from './breaker/circuit-breaker.js';

export { createCallGuard } from './guard/call-guard.js';
export type { CallGuard, CallGuardOptions, CallMeta, WaitEvent } from './guard/call-guard.js';

export { memoryStore } from './stores/memory.js';
export type { MemoryStore } from './stores/memory.js';
export { fileStore } from './stores/file.js';
export type { FileStore, FileStoreOptions } from './stores/file.js';
export type {
  RateLimitStore,
  BucketSpec,
  TakeRequest,
  TakeResult,
  RefundRequest,
  IncrementRequest,
  IncrementResult,
} from './stores/types.js';
