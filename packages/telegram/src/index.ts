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
export {
  TelegramError,
  WriteBlockedError,
  RequestTimeoutError,
  InvalidInputError,
  SessionRevokedError,
  SessionLockedError,
  PeerNotFoundError,
} from './errors.js';
export { createSessionStore } from './sessions/store.js';
export type {
  SessionStore,
  SessionStoreOptions,
  SessionLockMode,
  StoredSession,
} from './sessions/store.js';
export { validateSessionName } from './sessions/names.js';
export { importStringSession, importTelethonSession } from './sessions/import.js';
export type { ImportedSession } from './sessions/import.js';
export { loadTelegramConfig } from './config/telegram-config.js';
export type { TelegramConfig } from './config/telegram-config.js';
export { ConfigError } from './config/parse.js';
export { parsePeerRef } from './peers/parse-ref.js';
export type { PeerRef } from './peers/parse-ref.js';
export { PeerResolver, describeEntity } from './peers/resolve.js';
export type { ResolvedPeer, PeerType } from './peers/resolve.js';
