// @tgmcp/core: what every tgmcp package shares and nothing Telegram-specific: the injected clock
// and randomness, one logger, locked atomic JSON files, env parsing with one secret-masking rule.
export const CORE_PACKAGE = '@tgmcp/core';

export { blockingSleep, createManualClock, systemClock } from './clock.js';
export type { Clock, ManualClock } from './clock.js';
export { createSeededRandom, randomFraction, randomHex, systemRandom, token } from './random.js';
export type { Random } from './random.js';
export {
  MIN_SECRET_LENGTH,
  REDACTED,
  createSecretRegistry,
  processSecrets,
  registerSecret,
} from './secrets.js';
export type { SecretRegistry } from './secrets.js';
export { LOG_LEVELS, createLogger, logLevelFromEnv, setDefaultLogLevel } from './logger.js';
export type { LogLevel, Logger, LoggerOptions } from './logger.js';
export {
  ConfigError,
  SECRET_VARIABLE,
  absolutePath,
  bool,
  csv,
  echoValue,
  int,
  isSecretVariable,
  number,
  oneOf,
  read,
  registerEnvSecrets,
} from './env.js';
export type { ConfigErrorFactory, Env, NumberRule } from './env.js';
