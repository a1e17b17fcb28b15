// @tgmcp/telegram/config: configuration and constants without loading gramjs, so a server can
// validate its environment and register its tools before the Telegram client is needed.
export { loadTelegramConfig } from './config/telegram-config.js';
export type { TelegramConfig } from './config/telegram-config.js';
export { ConfigError } from '@tgmcp/core';
export { describeProxy, loadProxyConfig } from './config/proxy.js';
export type { MtproxyConfig, ProxyConfig, SocksProxyConfig } from './config/proxy.js';
export { assertOutsideDataDir, dataDirOverlap } from './config/data-dir-overlap.js';
export type { DirSetting } from './config/data-dir-overlap.js';
export { DIALOG_TYPES } from './ops/dialog-types.js';
export type { DialogType } from './ops/dialog-types.js';
export { resolveCredentials, splitCommand } from './config/secrets.js';
export { loadSessionKey, parseRawSessionKey } from './config/session-key.js';
export { SessionKey } from './sessions/session-key.js';
