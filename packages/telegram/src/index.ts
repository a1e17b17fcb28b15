// @tgmcp/telegram: the only package that talks to gramjs.
export { protectClient, WriteCapability, innerMethod } from './chokepoint/protect-client.js';
export type { ProtectOptions, ProtectedClient, RequestEvent } from './chokepoint/protect-client.js';
export {
  READ_METHODS,
  WRITE_METHODS,
  LOGIN_METHODS,
  SERVICE_METHODS,
} from './chokepoint/methods.js';
export type { Role } from './chokepoint/methods.js';
export { TelegramError, WriteBlockedError, RequestTimeoutError } from './errors.js';
