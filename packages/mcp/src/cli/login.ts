// `<bin> login`: phone + code (+ 2FA) or QR; answers from TG_LOGIN_* variables or the terminal.
import {
  type SecretProvider,
  createSessionStore,
  envProvider,
  login,
  promptProvider,
} from '@tgmcp/telegram';
import { resolveCredentials } from '@tgmcp/telegram/config';
import { loadServerConfig } from '../runtime/config.js';
import type { CommandContext } from './context.js';
import { testConnectOverride } from './test-connect.js';

const provider = (variable: string, question: string, hidden: boolean): SecretProvider =>
  process.env[variable]?.trim() ? envProvider(variable) : promptProvider(question, { hidden });

export async function loginCommand(
  values: {
    qr?: boolean;
    phone?: string;
    'session-name'?: string;
    'timeout-sec'?: string;
  },
  { bin }: CommandContext,
): Promise<number> {
  const config = await resolveCredentials(loadServerConfig(process.env));
  if (!config.credentials) {
    process.stderr.write(
      `${bin} login: set TG_API_ID and TG_API_HASH first (create them at https://my.telegram.org > API development tools)\n`,
    );
    return 1;
  }
  const timeout = values['timeout-sec'] === undefined ? 180 : Number(values['timeout-sec']);
  if (!Number.isInteger(timeout) || timeout < 10 || timeout > 3600) {
    process.stderr.write(`${bin} login: --timeout-sec must be a whole number from 10 to 3600\n`);
    return 2;
  }
  const sessionName = values['session-name'] ?? config.sessionName;
  const result = await login({
    ...config.credentials,
    sessionName,
    store: createSessionStore({
      dataDir: config.dataDir,
      lockMode: config.lockMode,
      key: config.sessionKey,
    }),
    connect: await testConnectOverride(),
    proxy: config.proxy,
    qr: !!values.qr,
    qrTimeoutSec: timeout,
    phone:
      values.phone ??
      provider('TG_LOGIN_PHONE', 'Phone number (international format, +CC...): ', false),
    code: provider('TG_LOGIN_CODE', 'Login code (sent to your Telegram app): ', true),
    password: provider('TG_LOGIN_PASSWORD', '2FA password: ', true),
  });
  const who = result.account.username
    ? `@${result.account.username}`
    : (result.account.firstName ?? '');
  process.stderr.write(
    `${result.loggedIn ? 'Logged in' : 'Already logged in'} as ${who} (id=${result.account.id}); session saved to ${result.sessionPath}\n`,
  );
  return 0;
}
