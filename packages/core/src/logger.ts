// The one logger of tgmcp: four levels, one line per message on stderr (never stdout: a server's
// stdout is the MCP protocol), a `[name]` prefix, and every registered secret redacted.
import { type Env, oneOf, read } from './env.js';
import { type SecretRegistry, processSecrets } from './secrets.js';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
// Info lines carry no label, as the servers' "[tgmcp-read] ready on stdio" always had.
const LABEL: Record<LogLevel, string> = {
  error: 'error: ',
  warn: 'warning: ',
  info: '',
  debug: 'debug: ',
};

export interface Logger {
  /** The `[name]` prefix of every line, if any. */
  readonly name: string | undefined;
  readonly level: LogLevel;
  /** Whether a message of `level` would be written (skip building costly debug text). */
  enabled(level: LogLevel): boolean;
  log(level: LogLevel, message: string): void;
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /**
   * Text addressed to the person at the terminal (a QR code, login progress): written whatever
   * the level, without prefix or label, still on stderr and still redacted.
   */
  print(text: string): void;
  /** The same logger (level, output, secrets) under another name. */
  withName(name: string | undefined): Logger;
}

export interface LoggerOptions {
  /** Shown as `[name] ` before every line. */
  name?: string;
  /** Messages below it are dropped. Default: the process default (`setDefaultLogLevel`), 'info'. */
  level?: LogLevel;
  /** Secrets to redact. Default: the process registry (`registerSecret`). */
  secrets?: SecretRegistry;
  /** Where finished text goes. Default: process.stderr (looked up at each write). */
  write?: (text: string) => void;
}

let defaultLevel: LogLevel = 'info';

/**
 * The level of every logger created without one (the packages' own): a server sets it once
 * at startup, e.g. `setDefaultLogLevel(logLevelFromEnv())`.
 */
export function setDefaultLogLevel(level: LogLevel): void {
  if (!(level in RANK)) throw new TypeError(`unknown log level ${JSON.stringify(level)}`);
  defaultLevel = level;
}

/** TG_LOG_LEVEL (error, warn, info, debug); `fallback` when unset; a ConfigError when invalid. */
export function logLevelFromEnv(env: Env = process.env, fallback: LogLevel = 'info'): LogLevel {
  return read(env, 'TG_LOG_LEVEL', oneOf(LOG_LEVELS)) ?? fallback;
}

const stderr = (text: string) => {
  process.stderr.write(text);
};

export function createLogger(options: LoggerOptions = {}): Logger {
  const { name } = options;
  const secrets = options.secrets ?? processSecrets;
  const write = options.write ?? stderr;
  const levelNow = () => options.level ?? defaultLevel;
  const emit = (text: string) => {
    const safe = secrets.redact(text);
    write(safe.endsWith('\n') ? safe : `${safe}\n`);
  };
  const enabled = (level: LogLevel) => RANK[level] <= RANK[levelNow()];
  const log = (level: LogLevel, message: string) => {
    if (!enabled(level)) return;
    emit(`${name ? `[${name}] ` : ''}${LABEL[level]}${message}`);
  };
  return {
    name,
    get level() {
      return levelNow();
    },
    enabled,
    log,
    error: (m) => log('error', m),
    warn: (m) => log('warn', m),
    info: (m) => log('info', m),
    debug: (m) => log('debug', m),
    print: emit,
    withName: (other) => createLogger({ ...options, name: other }),
  };
}
