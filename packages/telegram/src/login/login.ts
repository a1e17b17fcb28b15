// login(): makes (or reuses) an authorized session and saves it in the session store. The
// session is locked while the login runs; an already authorized session is returned unasked.
import { systemClock } from '@tgmcp/core';
import type { TelegramClient } from 'telegram';
import { log } from '../logger.js';
import type { SessionStore } from '../sessions/store.js';
import { type LoginAccount, accountOf, atName } from './account.js';
import {
  type LoginClientOptions,
  closeClient,
  currentUser,
  openLoginClient,
  sessionString,
} from './client.js';
import { LoginError } from './errors.js';
import { phoneLogin } from './phone-login.js';
import type { SecretProvider } from './providers.js';
import { printLoginQr, qrLogin } from './qr-login.js';

export interface LoginOptions extends LoginClientOptions {
  store: SessionStore;
  phone?: SecretProvider;
  code?: SecretProvider;
  password?: SecretProvider;
  /** Log in by scanning a QR code instead of phone + code. */
  qr?: boolean;
  /** How long to wait for the QR code to be scanned. Default 180. */
  qrTimeoutSec?: number;
  /** Asks of a function provider for the code or the password before giving up. Default 3. */
  maxAttempts?: number;
  /** A gramjs session string to log in on, when the store has no session of this name. Secret. */
  initialSession?: string;
  /** Shows a QR login URL; default: the QR code on stderr. */
  onQr?: (url: string, expiresAt: Date) => void;
  /** Progress for a person (never secrets); default: stderr. */
  onStatus?: (text: string) => void;
  signal?: AbortSignal;
}

export interface LoginResult {
  account: LoginAccount;
  sessionName: string;
  sessionPath: string;
  /** False when the session was already authorized and nothing was asked. */
  loggedIn: boolean;
}

const stderrStatus = (text: string) => log.print(text);

export async function login(options: LoginOptions): Promise<LoginResult> {
  const { store, sessionName } = options;
  const sessionPath = store.pathOf(sessionName);
  const onStatus = options.onStatus ?? stderrStatus;
  const lock = store.open(sessionName);
  let client: TelegramClient | undefined;
  try {
    const stored = store.exists(sessionName) ? store.load(sessionName).session : undefined;
    const session = stored ?? options.initialSession ?? '';
    client = await openLoginClient(options, session);
    if (session) {
      const user = await currentUser(client);
      if (user) {
        const account = accountOf(user);
        if (!stored) save(store, sessionName, sessionString(client), account);
        onStatus(
          `Session '${sessionName}' is already logged in as ${atName(account.username)} (id=${account.id})`,
        );
        return { account, sessionName, sessionPath, loggedIn: false };
      }
      if (stored && options.initialSession !== stored) {
        // The stored key was logged out: log in on the given key, or a new one.
        onStatus(`Session '${sessionName}' is no longer authorized; logging in again`);
        await closeClient(client);
        client = await openLoginClient(options, options.initialSession ?? '');
      }
    }
    const common = {
      apiId: options.apiId,
      apiHash: options.apiHash,
      password: options.password,
      maxAttempts: options.maxAttempts,
      onStatus,
      signal: options.signal,
    };
    const user = options.qr
      ? await qrLogin(client, {
          ...common,
          timeoutSec: options.qrTimeoutSec ?? 180,
          clock: options.clock ?? systemClock,
          onQr: options.onQr ?? printLoginQr,
        })
      : await phoneLogin(client, {
          ...common,
          phone: options.phone,
          code: options.code,
        });
    const account = accountOf(user);
    save(store, sessionName, sessionString(client), account);
    onStatus(
      `Logged in as ${atName(account.username)} (id=${account.id}); session '${sessionName}' saved`,
    );
    return { account, sessionName, sessionPath, loggedIn: true };
  } catch (err) {
    if (options.signal?.aborted && !(err instanceof LoginError)) {
      throw new LoginError('LOGIN_ABORTED', 'the login was cancelled', { cause: err });
    }
    throw err;
  } finally {
    if (client) await closeClient(client);
    lock.release();
  }
}

function save(store: SessionStore, name: string, session: string, account: LoginAccount): void {
  store.save(name, {
    session,
    source: 'login',
    account: { id: account.id, ...(account.username ? { username: account.username } : {}) },
  });
}
