// The configuration of the Telegram layer, from the seed's TG_* variables (same names and
// defaults, spec section 2) with its defects fixed: one absolute data dir, strict parsing,
// missing credentials reported as "not configured" instead of killing the process.
import { homedir } from 'node:os';
import path from 'node:path';
import { type Env, absolutePath, bool, number, oneOf, read } from '@tgmcp/core';
import { z } from 'zod';
import type { SessionKey } from '../sessions/session-key.js';
import { type ProxyConfig, loadProxyConfig } from './proxy.js';
import { loadSessionKey } from './session-key.js';

export interface TelegramConfig {
  /** Undefined when TG_API_ID / TG_API_HASH are not set: the servers start and say so. */
  credentials: { apiId: number; apiHash: string } | undefined;
  dataDir: string;
  sessionName: string;
  lockMode: 'shared' | 'exclusive';
  allowSessionSwitch: boolean;
  /**
   * `TG_READ_ALLOW_PHONES`: the operator lets tools return members' phone numbers when a call
   * asks for them (`include_phone`). Default false: phone numbers are personal data.
   */
  allowPhones: boolean;
  expectedUsername: string | undefined;
  requestTimeoutSec: number;
  mediaDir: string;
  /**
   * Encrypts sessions at rest: TG_SESSION_KEY / TG_SESSION_PASSPHRASE, or the secret provider
   * (filled by resolveCredentials). Undefined: sessions are plaintext files (0600).
   */
  sessionKey: SessionKey | undefined;
  /** The seed's TG_SECRET_PROVIDER: where credentials come from when TG_API_ID/HASH are empty. */
  secretProvider: 'env' | 'keychain' | 'command';
  /** The seed's session locations, imported into `<dataDir>/sessions` (see migrateSeedSessions). */
  seedSessions: { sessionPath?: string; sessionDirs: string[] };
  /** TG_PROXY (SOCKS) or TG_MTPROXY: every connection to Telegram goes through it. Secret. */
  proxy: ProxyConfig | undefined;
  /** TG_MCP_SERVER_NAME: the MCP server name (undefined: the binary's own). */
  serverName: string | undefined;
  limits: {
    mode: 'shared' | 'local' | 'off';
    rate: number;
    burst: number;
    floodCircuitThresholdSec: number;
    floodCircuitCooldownSec: number;
  };
  warnings: string[];
}

const absoluteDir = (env: Env, name: string, home: string): string | undefined =>
  read(env, name, absolutePath(home));

export function loadTelegramConfig(
  env: Record<string, string | undefined> = process.env,
): TelegramConfig {
  const warnings: string[] = [];
  const home = env.HOME || homedir();
  const xdg =
    env.XDG_DATA_HOME && path.isAbsolute(env.XDG_DATA_HOME)
      ? env.XDG_DATA_HOME
      : path.join(home, '.local', 'share');
  const dataDir = absoluteDir(env, 'TG_DATA_DIR', home) ?? path.join(xdg, 'tgmcp');

  const apiId = read(env, 'TG_API_ID', number({ int: true, min: 1 }));
  const apiHash = read(
    env,
    'TG_API_HASH',
    z.string().regex(/^[0-9a-f]{32}$/i, 'must be the 32 hex characters from my.telegram.org'),
  );
  if ((apiId === undefined) !== (apiHash === undefined)) {
    warnings.push('only one of TG_API_ID and TG_API_HASH is set: Telegram is not configured');
  }

  const lock =
    read(env, 'TG_SESSION_LOCK_MODE', oneOf(['shared', 'exclusive', 'off'] as const)) ?? 'shared';
  // The seed's 'off' and 'shared' both meant "no lock".
  const lockMode = lock === 'exclusive' ? 'exclusive' : 'shared';

  const rate = read(env, 'RATE_RPS', number({ min: 0.1, max: 1000 })) ?? 4;
  const burst =
    read(env, 'TG_RATE_BURST', number({ int: true, min: 1, max: 10_000 })) ??
    Math.max(1, Math.floor(2 * rate));

  if (env.TG_DISABLE_RATE_LIMIT_FOR_TESTS !== undefined) {
    warnings.push(
      'TG_DISABLE_RATE_LIMIT_FOR_TESTS is ignored: the rate limit is never turned off by the environment',
    );
  }
  // The seed's write-guard switches are replaced by roles fixed by each binary; still parsed
  // strictly so a typo is an error, and a request to weaken the guard is refused loudly.
  for (const name of ['TG_BLOCK_DIRECT_TELETHON_WRITE', 'TG_ENFORCE_ACTION_PROCESS']) {
    if (read(env, name, bool) === false)
      warnings.push(
        `${name}=0 is ignored: the read server can never write, whatever the environment says`,
      );
  }
  if (read(env, 'TG_ALLOW_DIRECT_TELETHON_WRITE', bool))
    warnings.push(
      'TG_ALLOW_DIRECT_TELETHON_WRITE is ignored: writes pass only through the actions policy',
    );
  read(env, 'TG_ACTION_PROCESS', bool);
  // The seed's write contexts (which code paths may write) are replaced by the write capability.
  for (const name of ['TG_WRITE_CONTEXT', 'TG_DIRECT_TELETHON_WRITE_ALLOWED_CONTEXTS']) {
    if (env[name]?.trim())
      warnings.push(
        `${name} is ignored: writes pass only inside the actions policy's write capability`,
      );
  }

  // The seed's TG_SESSION_PATH names one session file: its label becomes the session name.
  const sessionPath = absoluteDir(env, 'TG_SESSION_PATH', home);
  const pathLabel = sessionPath ? path.basename(sessionPath).replace(/\.session$/, '') : undefined;
  const sessionName =
    read(env, 'TG_SESSION_NAME', z.string()) ??
    pathLabel ??
    read(env, 'SESSION_NAME', z.string()) ??
    'default';
  const sessionDirs = ['TG_SESSIONS_DIR', 'SESSION_DIR']
    .map((name) => absoluteDir(env, name, home))
    .filter((d): d is string => d !== undefined);

  const useKeychain = read(env, 'TG_USE_KEYCHAIN', bool) ?? false;
  const provider = env.TG_SECRET_PROVIDER?.trim()
    ? read(env, 'TG_SECRET_PROVIDER', oneOf(['env', 'keychain', 'command'] as const))!
    : useKeychain
      ? 'keychain'
      : 'env';
  for (const name of ['TG_RECEIVE_UPDATES', 'TG_AUTH_BOOTSTRAP']) {
    if (read(env, name, bool))
      warnings.push(
        name === 'TG_AUTH_BOOTSTRAP'
          ? 'TG_AUTH_BOOTSTRAP is ignored: login requests pass only in the `login` command'
          : 'TG_RECEIVE_UPDATES is ignored: the servers do not run an updates loop',
      );
  }

  return {
    credentials: apiId !== undefined && apiHash !== undefined ? { apiId, apiHash } : undefined,
    secretProvider: provider,
    sessionKey: loadSessionKey(env),
    seedSessions: { sessionPath, sessionDirs },
    proxy: loadProxyConfig(env),
    serverName: read(
      env,
      'TG_MCP_SERVER_NAME',
      z.string().regex(/^[\w.-]{1,64}$/, 'must be 1-64 letters, digits, "_", "." or "-"'),
    ),
    dataDir,
    sessionName: sessionName.trim(),
    lockMode,
    allowSessionSwitch: read(env, 'TG_ALLOW_SESSION_SWITCH', bool) ?? false,
    allowPhones: read(env, 'TG_READ_ALLOW_PHONES', bool) ?? false,
    expectedUsername:
      read(env, 'TG_EXPECTED_USERNAME', z.string())?.trim().replace(/^@+/, '').toLowerCase() ||
      undefined,
    requestTimeoutSec: read(env, 'TG_REQUEST_TIMEOUT_SEC', number({ min: 1, max: 3600 })) ?? 60,
    mediaDir: absoluteDir(env, 'TG_MEDIA_DIR', home) ?? path.join(dataDir, 'media'),
    limits: {
      mode: read(env, 'TG_GLOBAL_RPS_MODE', oneOf(['shared', 'local', 'off'] as const)) ?? 'shared',
      rate,
      burst,
      floodCircuitThresholdSec:
        read(env, 'TG_FLOOD_CIRCUIT_THRESHOLD_SEC', number({ int: true, min: 0, max: 86_400 })) ??
        300,
      floodCircuitCooldownSec:
        read(env, 'TG_FLOOD_CIRCUIT_COOLDOWN_SEC', number({ int: true, min: 0, max: 604_800 })) ??
        900,
    },
    warnings,
  };
}
