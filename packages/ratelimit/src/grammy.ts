// Sub-entry `@tgmcp/ratelimit/grammy`: Telegram's bot limits as a grammY API transformer.
export { rateLimitTransformer } from './grammy/transformer.js';
export type { GrammyRateLimitOptions } from './grammy/transformer.js';
export { isSendMethod } from './grammy/methods.js';
