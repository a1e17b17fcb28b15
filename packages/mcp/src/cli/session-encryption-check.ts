// doctor's `encryption` line: whether sessions are encrypted at rest, under which variable's key,
// and which are still plaintext (encrypted on their next use) or unreadable without a key.
import type { ServerBin } from './context.js';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createSessionStore } from '@tgmcp/telegram';
import type { TelegramConfig } from '@tgmcp/telegram/config';

export interface EncryptionCheck {
  level: 'ok' | 'warn' | 'fail';
  name: string;
  detail: string;
  fix?: string;
}

const HOW =
  'set TG_SESSION_KEY (32 random bytes: `openssl rand -hex 32`) or TG_SESSION_PASSPHRASE; existing sessions are encrypted on their next use';

export function sessionEncryptionCheck(config: TelegramConfig, bin: ServerBin): EncryptionCheck {
  const key = config.sessionKey;
  const byState: Record<'encrypted' | 'plaintext' | 'unreadable', string[]> = {
    encrypted: [],
    plaintext: [],
    unreadable: [],
  };
  // Reading headers only: no key needed, nothing written (the store is not created here).
  if (existsSync(path.join(config.dataDir, 'sessions'))) {
    const store = createSessionStore({ dataDir: config.dataDir, onWarning: () => undefined });
    for (const name of store.list()) {
      const state = store.encryptionOf(name).state;
      if (state !== 'missing') byState[state].push(name);
    }
  }
  const list = (names: string[]) => names.join(', ');
  const { encrypted, plaintext, unreadable } = byState;
  if (!key)
    return encrypted.length > 0
      ? {
          level: 'fail',
          name: 'encryption',
          detail: `sessions ${list(encrypted)} are encrypted and no session key is set`,
          fix: 'set TG_SESSION_KEY or TG_SESSION_PASSPHRASE (or the secret provider) to the key they were saved with',
        }
      : {
          level: 'warn',
          name: 'encryption',
          detail:
            'sessions are stored in plaintext (mode 0600): a copy of the disk or a backup is a logged-in account',
          fix: HOW,
        };
  const source = `AES-256-GCM, key from ${key.variable}`;
  if (plaintext.length > 0 || unreadable.length > 0)
    return {
      level: 'warn',
      name: 'encryption',
      detail: [
        encrypted.length > 0 ? `encrypted: ${list(encrypted)} (${source})` : `${source}`,
        plaintext.length > 0 ? `still plaintext: ${list(plaintext)}` : '',
        unreadable.length > 0 ? `unreadable: ${list(unreadable)}` : '',
      ]
        .filter(Boolean)
        .join('; '),
      fix:
        plaintext.length > 0
          ? `they are encrypted on their next use (e.g. \`${bin} status --session-name ${plaintext[0]}\`)`
          : 'log in again or import those sessions again',
    };
  return {
    level: 'ok',
    name: 'encryption',
    detail:
      encrypted.length > 0
        ? `${encrypted.length} session(s) encrypted (${source})`
        : `new sessions are encrypted (${source})`,
  };
}
