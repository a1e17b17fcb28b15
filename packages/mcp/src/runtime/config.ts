// The servers' configuration: the Telegram layer's TG_* variables plus the tools' own, parsed by
// @tgmcp/core's one env parser (errors name the variable and never echo a secret).
import { type Env, int, read } from '@tgmcp/core';
import { type TelegramConfig, loadTelegramConfig } from '@tgmcp/telegram/config';

export interface ServerConfig extends TelegramConfig {
  /** `TG_READ_ALLOWED_CHATS`: when set, only these chats can be read at all. */
  allowedChats: string[] | undefined;
  /** `TG_READ_MAX_ITEMS`: hard cap of items one call returns inline (default 500). */
  maxItems: number;
  /** `TG_READ_MAX_EXPORT_ITEMS`: a larger `limit` is refused; above maxItems results go to a file. */
  maxExportItems: number;
  /** `TG_READ_MAX_TEXT_CHARS`: default cap of one message's text (default 4096). */
  maxTextChars: number;
  /** `TG_MAX_WAIT_SEC`: longest FLOOD_WAIT a call waits before answering `retry_after`. */
  maxWaitSec: number;
  maxDownloadMb: number;
  /** `TG_CALL_TIMEOUT_SEC`: every tool call answers by then (TIMEOUT). Default 50. */
  callTimeoutSec: number;
  /** `TG_PING_INTERVAL_SEC` / `TG_PING_TIMEOUT_SEC`: the health ping finding half-open connections. */
  pingIntervalSec: number;
  pingTimeoutSec: number;
}

/** A whole number of the variable's range, or `def` when unset or blank; else a ConfigError naming it. */
const intVar = (env: Env, name: string, def: number, min: number, max: number): number =>
  read(env, name, int(min, max)) ?? def;

export function loadServerConfig(
  env: Record<string, string | undefined> = process.env,
): ServerConfig {
  const base = loadTelegramConfig(env);
  const list = env.TG_READ_ALLOWED_CHATS?.split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    ...base,
    allowedChats: list && list.length > 0 ? list : undefined,
    maxItems: intVar(env, 'TG_READ_MAX_ITEMS', 500, 1, 10_000),
    maxExportItems: intVar(env, 'TG_READ_MAX_EXPORT_ITEMS', 100_000, 1, 10_000_000),
    maxTextChars: intVar(env, 'TG_READ_MAX_TEXT_CHARS', 4096, 16, 100_000),
    maxWaitSec: intVar(env, 'TG_MAX_WAIT_SEC', 30, 0, 3600),
    maxDownloadMb: intVar(env, 'TG_MAX_DOWNLOAD_MB', 50, 1, 2000),
    callTimeoutSec: intVar(env, 'TG_CALL_TIMEOUT_SEC', 50, 1, 3600),
    pingIntervalSec: intVar(env, 'TG_PING_INTERVAL_SEC', 15, 1, 600),
    pingTimeoutSec: intVar(env, 'TG_PING_TIMEOUT_SEC', 10, 1, 600),
  };
}
