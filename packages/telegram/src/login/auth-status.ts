// authStatus(): is this session logged in, as whom, and who holds its lock. Reports every
// failure (no session, logged out, wrong account, locked) instead of throwing.
import { readFileSync } from 'node:fs';
import { systemClock } from '@tgmcp/core';
import { Api, type TelegramClient } from 'telegram';
import { TelegramError } from '../errors.js';
import { checkSessionString } from '../sessions/check-string.js';
import type { SessionLockMode, SessionStore } from '../sessions/store.js';
import { atName, maskPhone } from './account.js';
import { type LoginClientOptions, closeClient, currentUser, openLoginClient } from './client.js';

export interface AuthStatusOptions extends LoginClientOptions {
  store: SessionStore;
  /** The account this session must belong to (`TG_EXPECTED_USERNAME`), without `@`. */
  expectedUsername?: string;
}

export interface AuthStatus {
  authorized: boolean;
  session_name: string;
  session_path: string | null;
  account?: { id: string; username: string | null; first_name: string | null };
  phone_masked?: string;
  dc_id?: number;
  lock?: { mode: SessionLockMode; holder_pid?: number };
  error?: { code: string; message: string };
  /** Local clock minus Telegram's, in seconds (when connected). */
  clock_skew_sec?: number;
}

function lockHolder(lockPath: string): number | undefined {
  try {
    const pid = (JSON.parse(readFileSync(lockPath, 'utf8')) as { pid?: unknown }).pid;
    return typeof pid === 'number' ? pid : undefined;
  } catch {
    return undefined;
  }
}

function errorOf(err: unknown): { code: string; message: string } {
  if (err instanceof TelegramError) return { code: err.code, message: err.message };
  const rpc = (err as { errorMessage?: unknown } | null)?.errorMessage;
  if (typeof rpc === 'string') return { code: rpc, message: `Telegram answered ${rpc}` };
  return { code: 'INTERNAL', message: err instanceof Error ? err.message : String(err) };
}

const normalize = (u: string | undefined | null) => (u ?? '').replace(/^@/, '').toLowerCase();

export async function authStatus(options: AuthStatusOptions): Promise<AuthStatus> {
  const { store, sessionName } = options;
  const status: AuthStatus = { authorized: false, session_name: sessionName, session_path: null };
  let client: TelegramClient | undefined;
  let release: (() => void) | undefined;
  try {
    status.session_path = store.pathOf(sessionName);
    const holder = lockHolder(`${status.session_path}.lock`);
    status.lock = { mode: store.lockMode, ...(holder !== undefined ? { holder_pid: holder } : {}) };
    if (!store.exists(sessionName)) {
      status.error = {
        code: 'SESSION_NOT_FOUND',
        message: `No session '${sessionName}' in ${store.dir}; log in with \`tgmcp-read login\` or import one`,
      };
      return status;
    }
    const stored = store.load(sessionName);
    // A damaged string never reaches gramjs (its connect() hangs on one).
    await checkSessionString(sessionName, stored.session);
    // Two connections on one key make Telegram revoke it: do not connect past another holder.
    const lock = store.open(sessionName);
    release = () => lock.release();
    client = await openLoginClient(options, stored.session);
    status.dc_id = client.session.dcId;
    // Telegram's clock (help.getConfig's date): a skewed local clock breaks MTProto message ids.
    const config = await client.invoke(new Api.help.GetConfig());
    status.clock_skew_sec = Math.round((options.clock ?? systemClock).now() / 1000 - config.date);
    const user = await currentUser(client);
    if (!user) {
      status.error = {
        code: 'NOT_AUTHORIZED',
        message: `Session '${sessionName}' is not authorized (logged out or revoked); log in again with \`tgmcp-read login\` (the code usually arrives in the Telegram app)`,
      };
      return status;
    }
    status.account = {
      id: user.id.toString(),
      username: user.username ?? null,
      first_name: user.firstName ?? null,
    };
    const phone = maskPhone(user.phone);
    if (phone) status.phone_masked = phone;
    const expected = options.expectedUsername?.replace(/^@/, '');
    if (expected && normalize(expected) !== normalize(user.username)) {
      status.error = {
        code: 'SESSION_MISMATCH',
        message: `Session mismatch: expected account @${expected}, got ${atName(user.username)} (id=${status.account.id}); point the session name at the right account or fix TG_EXPECTED_USERNAME`,
      };
      return status;
    }
    status.authorized = true;
    return status;
  } catch (err) {
    status.error = errorOf(err);
    return status;
  } finally {
    if (client) await closeClient(client);
    release?.();
  }
}
