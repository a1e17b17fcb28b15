// What every typed operation works with: the protected client, references resolved through the
// read scope, who we are.
import type { Clock, Random } from '@tgmcp/core';
import type { Api, TelegramClient } from 'telegram';
import type { PeerAccess } from '../scope/peer-access.js';

export interface OpsContext {
  client: TelegramClient;
  /** The only way operations resolve references: reads obey the read scope here. */
  peers: PeerAccess;
  self: Api.User;
  /** Downloads go below this directory, never elsewhere. */
  mediaDir: string;
  maxDownloadBytes: number;
  /** Files `sendFile` may read: inside one of these roots only. */
  fileRoots: string[];
  maxUploadBytes: number;
  /** Directories no file may be sent from (sessions, state). */
  deniedDirs: string[];
  /** Local time where Telegram gave none. Default: the system clock. */
  clock?: Clock;
  /** Send random_ids and temp file names. Default: the system source. */
  random?: Random;
}
