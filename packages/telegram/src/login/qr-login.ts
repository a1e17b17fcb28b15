// QR login: export a login token, show it as tg://login?token=..., wait for the accepted-token
// update (or the token's expiry, then show a fresh one), then export again for the result.
import type { Clock } from '@tgmcp/core';
import { Api, type TelegramClient } from 'telegram';
import { Raw } from 'telegram/events/index.js';
import { renderUnicodeCompact } from 'uqr';
import { log } from '../logger.js';
import { LoginError, rpcErrorMessage } from './errors.js';
import { checkPassword } from './password.js';
import type { SecretProvider } from './providers.js';

export interface QrLoginOptions {
  apiId: number;
  apiHash: string;
  password?: SecretProvider;
  maxAttempts?: number;
  timeoutSec: number;
  clock: Clock;
  /** Shows the login URL to the person; default: a QR code on stderr. */
  onQr: (url: string, expiresAt: Date) => void;
  onStatus?: (text: string) => void;
  signal?: AbortSignal;
}

export function loginUrl(token: Buffer | Uint8Array): string {
  return `tg://login?token=${Buffer.from(token).toString('base64url')}`;
}

/** The QR code of a login URL as text for a terminal (half blocks, two rows per line). */
export function renderLoginQr(url: string): string {
  return renderUnicodeCompact(url, { border: 2 });
}

/** Default onQr: the code and how to scan it, on stderr (stdout may carry a protocol). */
export function printLoginQr(url: string, expiresAt: Date): void {
  log.print(
    `\n${renderLoginQr(url)}\n${url}\nScan it in Telegram: Settings > Devices > Link Desktop Device (valid until ${expiresAt.toISOString()})\n`,
  );
}

// Telegram's tokens live about 30 s; a skewed local clock must not make us spin or show a dead code.
const MIN_TOKEN_WAIT_MS = 2_000;
const MAX_TOKEN_WAIT_MS = 60_000;

type Finished = Api.auth.LoginTokenSuccess;

export async function qrLogin(client: TelegramClient, o: QrLoginOptions): Promise<Api.User> {
  const { clock } = o;
  const deadline = clock.now() + o.timeoutSec * 1000;
  let accepted = false;
  let wake: AbortController | undefined;
  const builder = new Raw({ types: [Api.UpdateLoginToken] });
  const onUpdate = () => {
    accepted = true;
    wake?.abort();
  };
  client.addEventHandler(onUpdate, builder);
  const onAbort = () => wake?.abort();
  o.signal?.addEventListener('abort', onAbort);
  try {
    for (;;) {
      o.signal?.throwIfAborted();
      accepted = false;
      let result: Api.auth.TypeLoginToken;
      try {
        result = await client.invoke(
          new Api.auth.ExportLoginToken({ apiId: o.apiId, apiHash: o.apiHash, exceptIds: [] }),
        );
        if (result instanceof Api.auth.LoginTokenMigrateTo) result = await migrate(client, result);
      } catch (err) {
        if (rpcErrorMessage(err) !== 'SESSION_PASSWORD_NEEDED') throw err;
        o.onStatus?.('QR code accepted');
        return await checkPassword(client, o);
      }
      if (result instanceof Api.auth.LoginTokenSuccess) return userOf(result);
      if (!(result instanceof Api.auth.LoginToken)) {
        throw new LoginError(
          'LOGIN_FAILED',
          `unexpected answer to auth.exportLoginToken: ${result.className}`,
        );
      }
      const now = clock.now();
      if (now >= deadline) throw timeout(o.timeoutSec);
      o.onQr(loginUrl(result.token), new Date(result.expires * 1000));
      if (accepted) continue;
      const untilExpiry = Math.min(
        MAX_TOKEN_WAIT_MS,
        Math.max(MIN_TOKEN_WAIT_MS, result.expires * 1000 - now),
      );
      wake = new AbortController();
      await clock.sleep(Math.min(untilExpiry, deadline - now), wake.signal).catch(() => undefined);
      wake = undefined;
      o.signal?.throwIfAborted();
      if (accepted) {
        o.onStatus?.('QR code scanned; finishing the login');
        continue;
      }
      if (clock.now() >= deadline) throw timeout(o.timeoutSec);
      o.onStatus?.('The QR code expired; showing a new one');
    }
  } catch (err) {
    if (o.signal?.aborted)
      throw new LoginError('LOGIN_ABORTED', 'the login was cancelled', { cause: err });
    throw err;
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    client.removeEventHandler(onUpdate, builder);
  }
}

function timeout(sec: number): LoginError {
  return new LoginError(
    'LOGIN_TIMEOUT',
    `the QR code was not scanned within ${sec}s; run the login again (or raise the timeout)`,
  );
}

function userOf(result: Finished): Api.User {
  const { authorization } = result;
  if (authorization instanceof Api.auth.Authorization && authorization.user instanceof Api.User) {
    return authorization.user;
  }
  throw new LoginError(
    'LOGIN_FAILED',
    'Telegram asked to sign up: create the account in a Telegram app first',
  );
}

// The account lives on another DC: move there and import the token. Untested against the fake
// (it is a single DC); gramjs's own QR login does the same.
async function migrate(
  client: TelegramClient,
  to: Api.auth.LoginTokenMigrateTo,
): Promise<Api.auth.TypeLoginToken> {
  if (typeof client._switchDC !== 'function') {
    throw new LoginError(
      'LOGIN_FAILED',
      `the account lives on DC ${to.dcId} and this gramjs cannot switch`,
    );
  }
  await client._switchDC(to.dcId);
  return client.invoke(new Api.auth.ImportLoginToken({ token: to.token }));
}
