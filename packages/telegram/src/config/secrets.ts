// The seed's credential providers (TG_SECRET_PROVIDER): when TG_API_ID / TG_API_HASH are empty,
// read them from the macOS keychain or from a command's stdout. Commands run without a shell,
// with a timeout, and a failure is an error that names the variable (never the secret). The
// session key comes from the provider too when its variable is set and TG_SESSION_KEY is not.
import { execFile } from 'node:child_process';
import type { SessionKey } from '../sessions/session-key.js';
import { ConfigError } from '@tgmcp/core';
import { parseRawSessionKey } from './session-key.js';
import type { TelegramConfig } from './telegram-config.js';

export type CommandRunner = (file: string, args: string[], timeoutMs: number) => Promise<string>;

const runCommand: CommandRunner = (file, args, timeoutMs) =>
  new Promise((resolve, reject) => {
    execFile(file, args, { timeout: timeoutMs, maxBuffer: 64 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const why = err.killed
          ? `timed out after ${timeoutMs / 1000}s`
          : `failed (${err.code ?? 'error'})`;
        reject(new Error(`${why}${stderr.trim() ? `: ${stderr.trim().slice(0, 200)}` : ''}`));
      } else resolve(stdout.trim());
    });
  });

/** Shell-style split without a shell: quotes group words, backslash escapes. */
export function splitCommand(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quote: string | undefined;
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
      else if (c === '\\' && quote === '"' && i + 1 < line.length) cur += line[++i];
      else cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      has = true;
    } else if (c === '\\' && i + 1 < line.length) {
      cur += line[++i];
      has = true;
    } else if (/\s/.test(c)) {
      if (has || cur) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
    }
  }
  if (quote) throw new Error('unclosed quote');
  if (has || cur) out.push(cur);
  return out;
}

async function fromProvider(
  config: TelegramConfig,
  env: Record<string, string | undefined>,
  which: 'API_ID' | 'API_HASH' | 'SESSION_KEY',
  run: CommandRunner,
): Promise<string> {
  if (config.secretProvider === 'command') {
    const variable = `TG_SECRET_CMD_${which}`;
    const line = env[variable]?.trim();
    if (!line) throw new ConfigError(variable, 'is required when TG_SECRET_PROVIDER=command');
    let argv: string[];
    try {
      argv = splitCommand(line);
    } catch (err) {
      throw new ConfigError(variable, (err as Error).message);
    }
    if (argv.length === 0) throw new ConfigError(variable, 'is empty');
    try {
      return await run(argv[0]!, argv.slice(1), 10_000);
    } catch (err) {
      throw new ConfigError(variable, `command ${(err as Error).message}`);
    }
  }
  const service = env.TG_KEYCHAIN_SERVICE?.trim() || 'tg-mcp';
  const accountVar = `TG_KEYCHAIN_ACCOUNT_${which}`;
  const account = env[accountVar]?.trim() || `TG_${which}`;
  try {
    return await run(
      'security',
      ['find-generic-password', '-s', service, '-a', account, '-w'],
      10_000,
    );
  } catch (err) {
    throw new ConfigError(
      accountVar,
      `keychain lookup of ${service}/${account} ${(err as Error).message}`,
    );
  }
}

/**
 * The session key from the provider, asked only when its variable is set
 * (TG_SECRET_CMD_SESSION_KEY, TG_KEYCHAIN_ACCOUNT_SESSION_KEY): a raw key, like TG_SESSION_KEY.
 */
async function sessionKeyFromProvider(
  config: TelegramConfig,
  env: Record<string, string | undefined>,
  run: CommandRunner,
): Promise<SessionKey | undefined> {
  const variable =
    config.secretProvider === 'command'
      ? 'TG_SECRET_CMD_SESSION_KEY'
      : config.secretProvider === 'keychain'
        ? 'TG_KEYCHAIN_ACCOUNT_SESSION_KEY'
        : undefined;
  if (!variable || !env[variable]?.trim()) return undefined;
  return parseRawSessionKey(await fromProvider(config, env, 'SESSION_KEY', run), variable);
}

/**
 * Fills `config.credentials` from TG_SECRET_PROVIDER when the variables were empty, and
 * `config.sessionKey` when TG_SESSION_KEY / TG_SESSION_PASSPHRASE were and the provider has one.
 */
export async function resolveCredentials<C extends TelegramConfig>(
  config: C,
  env: Record<string, string | undefined> = process.env,
  run: CommandRunner = runCommand,
): Promise<C> {
  if (!config.sessionKey) {
    const sessionKey = await sessionKeyFromProvider(config, env, run);
    if (sessionKey) config = { ...config, sessionKey };
  }
  if (config.credentials || config.secretProvider === 'env') return config;
  const id = env.TG_API_ID?.trim() || (await fromProvider(config, env, 'API_ID', run));
  const hash = env.TG_API_HASH?.trim() || (await fromProvider(config, env, 'API_HASH', run));
  const apiId = Number(id);
  if (!Number.isInteger(apiId) || apiId < 1)
    throw new ConfigError(
      config.secretProvider === 'command' ? 'TG_SECRET_CMD_API_ID' : 'TG_KEYCHAIN_ACCOUNT_API_ID',
      'did not give a positive integer',
    );
  if (!/^[0-9a-f]{32}$/i.test(hash))
    throw new ConfigError(
      config.secretProvider === 'command'
        ? 'TG_SECRET_CMD_API_HASH'
        : 'TG_KEYCHAIN_ACCOUNT_API_HASH',
      'did not give 32 hex characters',
    );
  return { ...config, credentials: { apiId, apiHash: hash } };
}
