// A connected gramjs client of the login role: every request passes the chokepoint, connect has
// its own timeout (a key the DC does not know makes gramjs hang), and a default call guard.
import { type Clock, systemClock } from '@tgmcp/core';
import {
  type CallGuard,
  createCallGuard,
  createCircuitBreaker,
  createFloodMemory,
  createRateLimiter,
  memoryStore,
} from '@tgmcp/ratelimit';
import { Api, type TelegramClient } from 'telegram';
import type { StringSession } from 'telegram/sessions/index.js';
import { protectClient } from '../chokepoint/protect-client.js';
import { type ConnectOverride, createGramClient } from '../client/create-client.js';
import { proxyFailure } from '../client/connect-within.js';
import type { ProxyConfig } from '../config/proxy.js';
import { LoginError, rpcErrorMessage } from './errors.js';
import { SessionRevokedError } from '../errors.js';

export interface LoginClientOptions {
  apiId: number;
  /** Secret: never logged nor put in an error. */
  apiHash: string;
  sessionName: string;
  connect?: ConnectOverride;
  /** TG_PROXY / TG_MTPROXY (the config's `proxy`): login and status go through it too. */
  proxy?: ProxyConfig;
  /** The account's call guard; a private in-memory one by default. */
  guard?: CallGuard;
  /** Per-request timeout at the chokepoint. Default 60 s. */
  requestTimeoutMs?: number;
  /** How long connect may take. Default 30 s. */
  connectTimeoutMs?: number;
  /** Times connect, requests and QR waits (the default guard keeps the system clock). */
  clock?: Clock;
}

/** A guard for a login: slow and bursty enough for a person, remembers FLOOD_WAITs. */
export function defaultLoginGuard(): CallGuard {
  const store = memoryStore();
  return createCallGuard({
    limiter: createRateLimiter({ rate: 2, burst: 10, store, key: 'login' }),
    flood: createFloodMemory({ store, key: 'login' }),
    breaker: createCircuitBreaker({ store, key: 'login' }),
    maxWaitSec: 30,
  });
}

export async function openLoginClient(
  options: LoginClientOptions,
  session: string,
): Promise<TelegramClient> {
  const clock = options.clock ?? systemClock;
  const client = createGramClient({
    apiId: options.apiId,
    apiHash: options.apiHash,
    session,
    connect: options.connect,
    proxy: options.proxy,
  });
  protectClient(client, {
    role: 'login',
    guard: options.guard ?? defaultLoginGuard(),
    timeoutMs: options.requestTimeoutMs,
    sessionName: options.sessionName,
    clock,
  });
  const timeoutMs = options.connectTimeoutMs ?? 30_000;
  const stopTimer = new AbortController();
  try {
    const connected = await Promise.race([
      client.connect(),
      clock.sleep(timeoutMs, stopTimer.signal).then(
        () => 'timeout' as const,
        () => 'timeout' as const,
      ),
    ]);
    if (connected === false && options.proxy) throw proxyFailure(client, options.proxy);
    if (connected !== true) {
      throw new LoginError(
        'LOGIN_CONNECT_FAILED',
        connected === 'timeout'
          ? `could not connect to Telegram within ${Math.round(timeoutMs / 1000)}s (a session whose key Telegram does not know hangs; log in again)`
          : 'could not connect to Telegram (network down or data centre unreachable)',
      );
    }
    return client;
  } catch (err) {
    await closeClient(client);
    throw err;
  } finally {
    stopTimer.abort();
  }
}

export async function closeClient(client: TelegramClient): Promise<void> {
  try {
    await client.destroy();
  } catch {
    // Already closed or never connected: nothing to release.
  }
}

export function sessionString(client: TelegramClient): string {
  return (client.session as StringSession).save();
}

/** Errors that mean "this key is not logged in" (401s, or the chokepoint's revoked error). */
export function isUnauthorized(err: unknown): boolean {
  if (err instanceof SessionRevokedError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  const message = rpcErrorMessage(err);
  return (
    code === 401 ||
    message === 'AUTH_KEY_UNREGISTERED' ||
    message === 'SESSION_REVOKED' ||
    message === 'SESSION_EXPIRED' ||
    message === 'USER_DEACTIVATED'
  );
}

/** The logged-in user, or undefined when the key is not logged in. */
export async function currentUser(client: TelegramClient): Promise<Api.User | undefined> {
  try {
    const [user] = await client.invoke(new Api.users.GetUsers({ id: [new Api.InputUserSelf()] }));
    return user instanceof Api.User ? user : undefined;
  } catch (err) {
    if (isUnauthorized(err)) return undefined;
    throw err;
  }
}
