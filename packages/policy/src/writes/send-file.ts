// send_file as the policy sees it: the file's hash, size and name (read once, when the request
// is made) are what the person approves, and the send refuses bytes that changed since.
import { handleOf } from '../allowlist/peer.js';
import type { WriteSpec } from '../flow/settled-write.js';
import type { FileOps } from './ops.js';

/** The file as read for the request. */
export interface OutboxFileFacts {
  name: string;
  size: number;
  sha256: string;
}

export function sendFileWrite(
  tg: FileOps,
  target: string | number,
  filePath: string,
  file: OutboxFileFacts,
  captionText: string,
): WriteSpec<unknown> {
  const caption = captionText.trim();
  return {
    action: 'send_file',
    target,
    payload: { file_sha256: file.sha256, file_size: file.size, file_name: file.name, caption },
    caption,
    firstContact: (peer) => tg.isFirstContact(handleOf(peer)),
    summary: `send the file ${file.name} (${file.size} bytes, sha256 ${file.sha256.slice(0, 16)}...)${caption ? ` with the caption:\n${caption}` : ''}`,
    write: (peer, randomId) =>
      tg.sendFile(peer, filePath, { caption, randomId, sha256: file.sha256 }),
    // Without a caption a file message cannot be told from another: it stays in doubt.
    settle: caption
      ? (peer, sinceUnix, randomId) => tg.findSent(peer, { text: caption, sinceUnix, randomId })
      : undefined,
  };
}
