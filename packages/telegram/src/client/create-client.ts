// Every gramjs client of tgmcp is made here: floodSleepThreshold 0 (waits are the call guard's
// decision, reported through onWait), gramjs logs through the tgmcp logger (stderr, never stdout:
// stdout is the MCP protocol; the client's secrets registered for redaction), and an
// optional `connect` override so tests and `--demo` reach a @tgmcp/testkit DC, and the proxy of
// TG_PROXY / TG_MTPROXY handed to gramjs's own proxy support (the `proxy` client parameter).
import { type LogLevel as TgmcpLogLevel, createLogger, registerSecret } from '@tgmcp/core';
import { TelegramClient } from 'telegram';
import { Logger } from 'telegram/extensions/index.js';
import { LogLevel } from 'telegram/extensions/Logger.js';
import { StringSession } from 'telegram/sessions/index.js';
import type { TelegramClientParams } from 'telegram/client/telegramBaseClient.js';
import type { ProxyInterface } from 'telegram/network/connection/TCPMTProxy.js';
import type { ProxyConfig } from '../config/proxy.js';
import { scrubProxySecrets } from './proxy-error.js';

/** Where to connect instead of Telegram, e.g. `{ clientOptions: fake.connectOptions }`. */
export interface ConnectOverride {
  /** gramjs client parameters (socket class, retries...); testkit's `fake.connectOptions`. */
  clientOptions?: Partial<TelegramClientParams>;
}

const LEVELS: Partial<Record<LogLevel, TgmcpLogLevel>> = {
  [LogLevel.ERROR]: 'error',
  [LogLevel.WARN]: 'warn',
  [LogLevel.INFO]: 'info',
  [LogLevel.DEBUG]: 'debug',
};

// gramjs already filtered by its own level (TG_GRAMJS_LOG_LEVEL): ours writes what reaches it.
const gramLog = createLogger({ name: 'gramjs', level: 'debug' });

/** gramjs's logger through the tgmcp logger: stderr, a `[gramjs]` prefix, secrets redacted. */
export class StderrLogger extends Logger {
  override log(level: LogLevel, message: string): void {
    gramLog.log(LEVELS[level] ?? 'error', message);
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
  /** TG_PROXY / TG_MTPROXY (loadTelegramConfig's `proxy`): every connection goes through it. */
  proxy?: ProxyConfig;
}

/** gramjs's form of a proxy: SOCKS through its PromisedNetSockets, MTProxy through its own transport. */
export function gramProxy(p: ProxyConfig): ProxyInterface {
  return p.kind === 'mtproxy'
    ? { ip: p.host, port: p.port, secret: p.secret, MTProxy: true }
    : {
        ip: p.host,
        port: p.port,
        socksType: p.version,
        username: p.username,
        password: p.password,
        timeout: 10,
      };
}

const lastErrors = new WeakMap<TelegramClient, unknown>();

/** The last error gramjs reported while connecting (why a connect gave up), scrubbed. */
export function lastConnectError(client: TelegramClient): unknown {
  return lastErrors.get(client);
}

export function createGramClient(options: CreateClientOptions): TelegramClient {
  // Whatever gramjs (or anything else in this process) prints, these never appear.
  registerSecret(options.apiHash);
  registerSecret(options.session);
  if (options.proxy?.kind === 'socks') registerSecret(options.proxy.password);
  if (options.proxy?.kind === 'mtproxy') registerSecret(options.proxy.secret);
  const params: TelegramClientParams = {
    connectionRetries: 3,
    retryDelay: 1000,
    autoReconnect: true,
    requestRetries: 1,
    baseLogger: new StderrLogger(logLevel()),
    ...options.connect?.clientOptions,
    ...(options.proxy ? { proxy: gramProxy(options.proxy), useWSS: false } : {}),
    // Never sleep inside gramjs: the call guard decides and reports every wait.
    floodSleepThreshold: 0,
  };
  const client = new TelegramClient(
    new StringSession(options.session),
    options.apiId,
    options.apiHash,
    params,
  );
  // gramjs calls this before it prints an error to stderr: the password is masked by then.
  client.onError = (err: unknown) => {
    scrubProxySecrets(err);
    lastErrors.set(client, err);
    return Promise.resolve();
  };
  return client;
}
