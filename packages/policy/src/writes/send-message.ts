// send_message as the policy sees it: the trimmed text is the payload the person approves; a DM
// to someone this account never wrote to is charged to the first_contact quota too; a send
// broken off by the connection is looked for in the chat before anything is sent again.
import { handleOf } from '../allowlist/peer.js';
import type { WriteSpec } from '../flow/settled-write.js';
import type { MessageOps } from './ops.js';

export function sendMessageWrite(
  tg: MessageOps,
  target: string | number,
  messageText: string,
): WriteSpec<unknown> {
  const text = messageText.trim();
  return {
    action: 'send_message',
    target,
    payload: { text },
    text,
    firstContact: (peer) => tg.isFirstContact(handleOf(peer)),
    summary: `send this message (${text.length} characters):\n${text}`,
    write: (peer, randomId) => tg.sendMessage(peer, text, { randomId }),
    settle: (peer, sinceUnix, randomId) => tg.findSent(peer, { text, sinceUnix, randomId }),
  };
}
