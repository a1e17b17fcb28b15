// Phone number + login code (+ 2FA): auth.sendCode -> auth.signIn -> SESSION_PASSWORD_NEEDED ->
// SRP check. A wrong code from a function provider is asked again, a fixed one fails at once.
import { Api, type TelegramClient } from 'telegram';
import { maskPhone } from './account.js';
import { LoginError, rpcErrorMessage } from './errors.js';
import { checkPassword } from './password.js';
import { ask, type SecretProvider } from './providers.js';

export interface PhoneLoginOptions {
  apiId: number;
  apiHash: string;
  phone?: SecretProvider;
  code?: SecretProvider;
  password?: SecretProvider;
  /** Asks of a function provider for the code (and the password) before giving up. Default 3. */
  maxAttempts?: number;
  onStatus?: (text: string) => void;
  signal?: AbortSignal;
}

const PHONE_ERRORS: Record<string, [LoginError['code'], string]> = {
  PHONE_NUMBER_INVALID: [
    'PHONE_NUMBER_INVALID',
    'Telegram does not accept this phone number; give it in international format (+<country><number>)',
  ],
  PHONE_NUMBER_BANNED: ['PHONE_NUMBER_BANNED', 'this phone number is banned by Telegram'],
  PHONE_NUMBER_UNOCCUPIED: [
    'PHONE_NUMBER_UNOCCUPIED',
    'no Telegram account uses this phone number (sign up in a Telegram app first)',
  ],
};

function phoneError(err: unknown): LoginError | undefined {
  const known = PHONE_ERRORS[rpcErrorMessage(err) ?? ''];
  return known ? new LoginError(known[0], known[1]) : undefined;
}

function deliveryOf(type: Api.auth.TypeSentCodeType): string {
  if (type instanceof Api.auth.SentCodeTypeApp) return 'in the Telegram app (not by SMS)';
  if (type instanceof Api.auth.SentCodeTypeSms) return 'by SMS';
  if (type instanceof Api.auth.SentCodeTypeCall) return 'by a phone call';
  return `(${type.className})`;
}

export async function phoneLogin(client: TelegramClient, o: PhoneLoginOptions): Promise<Api.User> {
  if (o.phone === undefined) {
    throw new LoginError(
      'LOGIN_PHONE_REQUIRED',
      'give the phone number (prompt or option), or log in with a QR code',
    );
  }
  if (o.code === undefined) {
    throw new LoginError('LOGIN_INPUT_UNAVAILABLE', 'no way to ask for the login code was given');
  }
  const phoneNumber = (
    await ask(o.phone, 'phone number', { attempt: 1, retry: false, signal: o.signal })
  ).replace(/[\s()-]/g, '');
  let sent: Api.auth.TypeSentCode;
  try {
    sent = await client.invoke(
      new Api.auth.SendCode({
        phoneNumber,
        apiId: o.apiId,
        apiHash: o.apiHash,
        settings: new Api.CodeSettings({}),
      }),
    );
  } catch (err) {
    throw phoneError(err) ?? err;
  }
  if (sent instanceof Api.auth.SentCodeSuccess) {
    if (
      sent.authorization instanceof Api.auth.Authorization &&
      sent.authorization.user instanceof Api.User
    )
      return sent.authorization.user;
    throw new LoginError(
      'LOGIN_FAILED',
      'Telegram asked to sign up: create the account in a Telegram app first',
    );
  }
  o.onStatus?.(
    `A login code was sent to ${maskPhone(phoneNumber) ?? 'the phone'} ${deliveryOf(sent.type)}`,
  );

  const maxAttempts = typeof o.code === 'string' ? 1 : (o.maxAttempts ?? 3);
  let previous: string | undefined;
  for (let attempt = 1; ; attempt++) {
    const code = await ask(o.code, 'login code', { attempt, retry: attempt > 1, signal: o.signal });
    const repeated = code === previous;
    previous = code;
    if (!repeated) {
      try {
        const result = await client.invoke(
          new Api.auth.SignIn({ phoneNumber, phoneCodeHash: sent.phoneCodeHash, phoneCode: code }),
        );
        if (result instanceof Api.auth.Authorization && result.user instanceof Api.User) {
          return result.user;
        }
        throw new LoginError(...PHONE_ERRORS.PHONE_NUMBER_UNOCCUPIED!);
      } catch (err) {
        const message = rpcErrorMessage(err);
        if (message === 'SESSION_PASSWORD_NEEDED') {
          return checkPassword(client, {
            password: o.password,
            maxAttempts: o.maxAttempts,
            onStatus: o.onStatus,
            signal: o.signal,
          });
        }
        if (message === 'PHONE_CODE_EXPIRED') {
          throw new LoginError(
            'LOGIN_CODE_EXPIRED',
            'the login code expired; log in again to get a new one',
          );
        }
        if (message !== 'PHONE_CODE_INVALID' && message !== 'PHONE_CODE_EMPTY') {
          throw phoneError(err) ?? err;
        }
      }
    }
    if (repeated || attempt >= maxAttempts) {
      throw new LoginError(
        'LOGIN_CODE_INVALID',
        `the login code was not accepted (${attempt} attempt${attempt === 1 ? '' : 's'}); it usually arrives in the Telegram app, not by SMS: log in again`,
      );
    }
    o.onStatus?.('The login code was not accepted; asking again');
  }
}
