// A stored gramjs string session is checked before any connect: a damaged one (truncated, bad
// base64, a key that is not 256 bytes) made gramjs hang in connect() instead of failing.
import { StringSession } from 'telegram/sessions/index.js';
import { SessionInvalidError } from '../errors.js';

const AUTH_KEY_BYTES = 256;

/** Throws SessionInvalidError (naming the session, never its contents) unless `value` decodes. */
export async function checkSessionString(name: string, value: string): Promise<void> {
  // '' is a session that was never logged in: gramjs makes a key; nothing to check.
  if (value === '') return;
  let key: Buffer | undefined;
  try {
    const session = new StringSession(value);
    await session.load();
    key = session.authKey?.getKey();
  } catch {
    throw new SessionInvalidError(name, 'its stored string does not decode (damaged or truncated)');
  }
  if (!key || key.length !== AUTH_KEY_BYTES)
    throw new SessionInvalidError(
      name,
      `its stored auth key is ${key?.length ?? 0} bytes instead of ${AUTH_KEY_BYTES} (the string was truncated or altered)`,
    );
}
