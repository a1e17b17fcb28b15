// Two-step verification: SRP proof of the 2FA password (the password never leaves the process).
import { Api, type TelegramClient } from 'telegram';
import { computeCheck } from 'telegram/Password.js';
import { LoginError, rpcErrorMessage } from './errors.js';
import { ask, type SecretProvider } from './providers.js';

export interface PasswordStepOptions {
  password?: SecretProvider;
  /** Asks of a function provider before giving up. Default 3. */
  maxAttempts?: number;
  onStatus?: (text: string) => void;
  signal?: AbortSignal;
}

export async function checkPassword(
  client: TelegramClient,
  options: PasswordStepOptions,
): Promise<Api.User> {
  const { password, onStatus, signal } = options;
  const maxAttempts = typeof password === 'string' ? 1 : (options.maxAttempts ?? 3);
  if (password === undefined) {
    throw new LoginError(
      'LOGIN_PASSWORD_REQUIRED',
      'this account has two-step verification: give its 2FA password (prompt or option) and log in again',
    );
  }
  onStatus?.('Two-step verification is on: checking the 2FA password');
  let previous: string | undefined;
  for (let attempt = 1; ; attempt++) {
    // Each proof needs a fresh challenge: ask for it every attempt.
    const info = await client.invoke(new Api.account.GetPassword());
    const value = await ask(
      password,
      '2FA password',
      { attempt, retry: attempt > 1, hint: info.hint ?? undefined, signal },
      { trim: false },
    );
    const repeated = value === previous;
    previous = value;
    if (!repeated) {
      try {
        const check = await computeCheck(info, value);
        const result = await client.invoke(new Api.auth.CheckPassword({ password: check }));
        if (result instanceof Api.auth.Authorization && result.user instanceof Api.User) {
          return result.user;
        }
        throw new LoginError(
          'LOGIN_FAILED',
          `unexpected answer to the 2FA check: ${result.className}`,
        );
      } catch (err) {
        if (rpcErrorMessage(err) !== 'PASSWORD_HASH_INVALID') throw err;
      }
    }
    if (repeated || attempt >= maxAttempts) {
      throw new LoginError(
        'LOGIN_PASSWORD_INVALID',
        `the 2FA password was not accepted (${attempt} attempt${attempt === 1 ? '' : 's'}); check it and log in again`,
      );
    }
    onStatus?.('The 2FA password was not accepted; asking again');
  }
}
