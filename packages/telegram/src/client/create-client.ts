// Every gramjs client of tgmcp is made here: floodSleepThreshold 0 (waits are the call guard's
// decision, reported through onWait), gramjs logs on stderr (stdout is the MCP protocol), and an
// optional `connect` override so tests and `--demo` reach a @tgmcp/testkit DC.
import { TelegramClient } from 'telegram';
import { Logger } from 'telegram/extensions/index.js';
import { LogLevel } from 'telegram/extensions/Logger.js';
import { StringSession } from 'telegram/sessions/index.js';
import type { TelegramClientParams } from 'telegram/client/telegramBaseClient.js';

/** Where to connect instead of Telegram, e.g. `{ clientOptions: fake.connectOptions }`. */
export interface ConnectOverride {
  /** gramjs client parameters (socket class, retries...); testkit's `fake.connectOptions`. */
  clientOptions?: Partial<TelegramClientParams>;
}

/** gramjs's logger, writing to stderr with a `[gramjs]` prefix. */
export class StderrLogger extends Logger {
  override log(level: LogLevel, message: string): void {
    process.stderr.write(`[gramjs] ${level}: ${message}\n`);
  }
}

function logLevel(): LogLevel {
  const v = (process.env.TG_GRAMJS_LOG_LEVEL ?? '').toLowerCase();
  return (Object.values(LogLevel) as string[]).includes(v) ? (v as LogLevel) : LogLevel.ERROR;
}

export interface CreateClientOptions {
  apiId: number;
  apiHash: string;
  /** A gramjs StringSession string ('' for none). Secret. */
  session: string;
  connect?: ConnectOverride;
}

export function createGramClient(options: CreateClientOptions): TelegramClient {
  const params: TelegramClientParams = {
    connectionRetries: 3,
    retryDelay: 1000,
    autoReconnect: true,
    requestRetries: 1,
    baseLogger: new StderrLogger(logLevel()),
    ...options.connect?.clientOptions,
    // Never sleep inside gramjs: the call guard decides and reports every wait.
    floodSleepThreshold: 0,
  };
  return new TelegramClient(
    new StringSession(options.session),
    options.apiId,
    options.apiHash,
    params,
  );
}
