// Files on another DC, for tests of gramjs's cross-DC download path (export the authorization on
// the home DC, import it on a sender for the file's DC). The fake DC plays every DC; gramjs's
// string sessions keep one key, so the session hands that key to every DC's sender, and each
// new sender is marked not yet logged in there in place of a key exchange.
import { TelegramClient } from 'telegram';
import type { AuthKey } from 'telegram/crypto/AuthKey.js';
import { StringSession } from 'telegram/sessions/index.js';
import type { MediaSpec } from './world/types.js';
import { type World, createWorld } from './world/world.js';

/** A StringSession that hands its key to every DC's sender: no key exchange on the other DC. */
class EveryDcSession extends StringSession {
  override getAuthKey(): AuthKey | undefined {
    return this.authKey;
  }
}

/** The part of gramjs's client this patches (not in its declared types). */
interface ExportedSenders {
  _createExportedSender(dcId: number): {
    connect(...a: unknown[]): Promise<unknown>;
    _authenticated: boolean;
  };
}

/**
 * Makes every sender `client` creates for another DC start not logged in, as a sender with a
 * freshly exchanged key would: gramjs then exports the authorization and imports it there.
 */
function requireAuthorizationExport(client: TelegramClient): void {
  const c = client as unknown as ExportedSenders;
  const create = c._createExportedSender.bind(c);
  c._createExportedSender = (dcId) => {
    const sender = create(dcId);
    const connect = sender.connect.bind(sender);
    sender.connect = async (...args) => {
      const r = await connect(...args);
      sender._authenticated = false;
      return r;
    };
    return sender;
  };
}

/**
 * A gramjs client (not connected yet) on the fake DC for which every other DC is a real other
 * DC: a file there is downloaded through auth.exportAuthorization, then importAuthorization on a
 * sender for that DC, as against Telegram.
 */
export function crossDcClient(fake: {
  sessionString: string;
  connectOptions: ConstructorParameters<typeof TelegramClient>[3];
}): TelegramClient {
  const client = new TelegramClient(
    new EveryDcSession(fake.sessionString),
    1,
    'x',
    fake.connectOptions,
  );
  requireAuthorizationExport(client);
  return client;
}

/**
 * A world whose one supergroup, @files_here (id 100), holds one document per file, message ids
 * from 1. A file with `dcId` other than 2 lives on another DC.
 */
export function filesWorld(
  files: Array<Pick<MediaSpec, 'name' | 'size' | 'bytes' | 'dcId'>>,
): World {
  return createWorld({
    self: { id: 1, firstName: 'Me', username: 'me_user' },
    chats: [
      {
        id: 100,
        kind: 'supergroup',
        title: 'Files',
        username: 'files_here',
        date: 1_700_000_000,
        myRole: 'member',
        messages: files.map((f, i) => ({
          id: i + 1,
          date: 1_700_000_100 + 100 * i,
          from: 1,
          media: { kind: 'document' as const, ...f },
        })),
      },
    ],
  });
}
