// @tgmcp/telegram: the only package that talks to gramjs.
export { protectClient, WriteCapability, innerMethod } from './chokepoint/protect-client.js';
export { asBulk, type RequestPriority } from './chokepoint/priority.js';
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
  ConnectionInterruptedError,
  InvalidInputError,
  SessionRevokedError,
  SessionLockedError,
  PeerNotFoundError,
  ChatNotAllowedError,
  SessionInvalidError,
  RequestCancelledError,
  DcUnreachableError,
  SessionKeyWrongError,
  SessionKeyMissingError,
} from './errors.js';
export { TELEGRAM_ERRORS, explainTelegramError } from './errors/telegram-errors.js';
export type { TelegramErrorInfo } from './errors/telegram-errors.js';
export { createSessionStore } from './sessions/store.js';
export type {
  SessionStore,
  SessionStoreOptions,
  SessionLockMode,
  StoredSession,
  SessionEncryption,
  MigrationStep,
} from './sessions/store.js';
export { SessionKey } from './sessions/session-key.js';
export type { SessionKeyKind } from './sessions/session-key.js';
export { loadSessionKey, parseRawSessionKey } from './config/session-key.js';
export { validateSessionName } from './sessions/names.js';
export { checkSessionString } from './sessions/check-string.js';
export { importStringSession, importTelethonSession } from './sessions/import.js';
export type { ImportedSession } from './sessions/import.js';
export { loadTelegramConfig } from './config/telegram-config.js';
export type { TelegramConfig } from './config/telegram-config.js';
export { ConfigError } from '@tgmcp/core';
export { parsePeerRef } from './peers/parse-ref.js';
export type { PeerRef } from './peers/parse-ref.js';
export { PeerResolver, describeEntity } from './peers/resolve.js';
export type { ResolvedPeer, PeerType } from './peers/resolve.js';
export type { PinnedPeer, PeerHandle } from './peers/pinned.js';
export { ReadScope } from './scope/read-scope.js';
export type { ReadScopeOptions } from './scope/read-scope.js';
export { openTelegram, offlineStats, notConnected } from './open-telegram.js';
export { watchConnection, backoffMs } from './health/connection-health.js';
export type {
  ConnectionHealth,
  ConnectionHealthOptions,
  ConnectionPhase,
  ConnectionState,
} from './health/connection-health.js';
export { guardResends } from './chokepoint/resend-guard.js';
export type { FindSentOptions } from './ops/find-sent.js';
export type {
  OfflineStatsOptions,
  OpenTelegramOptions,
  LimitOptions,
  Telegram,
  TelegramStats,
} from './open-telegram.js';
export { RequestMetrics } from './stats/request-metrics.js';
export type {
  LatencyStats,
  LatencySummary,
  TimingEvent,
  WaitSummary,
} from './stats/request-metrics.js';
export { createGramClient, StderrLogger } from './client/create-client.js';
export { ProxyError } from './client/proxy-error.js';
export type { ProxyFailure } from './client/proxy-error.js';
export { probeProxy } from './client/probe-proxy.js';
export type { ProxyProbe } from './client/probe-proxy.js';
export { describeProxy, loadProxyConfig } from './config/proxy.js';
export type { MtproxyConfig, ProxyConfig, SocksProxyConfig } from './config/proxy.js';
export { MissingDependencyError, importOptional } from './optional/import-optional.js';
export type { ConnectOverride, CreateClientOptions } from './client/create-client.js';
export type * from './ops/types.js';
export { DIALOG_TYPES } from './ops/dialogs.js';
export type { DialogType, GetDialogsOptions } from './ops/dialogs.js';
export type { IterMessagesOptions, MessageFilter } from './ops/messages.js';
export { PARTICIPANT_FILTERS } from './ops/participants.js';
export type { IterParticipantsOptions, ParticipantFilter } from './ops/participants.js';
export { MediaError } from './ops/media.js';
export type { DownloadMediaOptions } from './ops/media.js';
export { PartialWriteError, newRandomId } from './ops/writes.js';
export type { SendFileOptions, SendMessageOptions } from './ops/writes.js';
export { NotAuthorizedError, AccountMismatchError } from './ops/account-errors.js';
export {
  SessionSwitcher,
  SessionSwitchDisabledError,
  SessionNotFoundError,
} from './sessions/switch.js';
export type { SessionSwitcherOptions } from './sessions/switch.js';
export { confine, isInside, sanitizeFileName } from './paths/confine.js';
export { readOutboxFile } from './paths/outbox.js';
export type { OutboxFile } from './paths/outbox.js';
export { login } from './login/login.js';
export type { LoginOptions, LoginResult } from './login/login.js';
export { authStatus } from './login/auth-status.js';
export type { AuthStatus, AuthStatusOptions } from './login/auth-status.js';
export { LoginError } from './login/errors.js';
export type { LoginErrorCode } from './login/errors.js';
export { promptProvider, envProvider } from './login/providers.js';
export type { SecretProvider, AskContext, PromptOptions } from './login/providers.js';
export { renderLoginQr, printLoginQr, loginUrl } from './login/qr-login.js';
export type { LoginAccount } from './login/account.js';
export { maskPhone } from './login/account.js';
export { resolveCredentials, splitCommand } from './config/secrets.js';
export type { CommandRunner } from './config/secrets.js';
export { migrateSeedSessions } from './sessions/migrate.js';
export type { SeedSessionLocations } from './sessions/migrate.js';
