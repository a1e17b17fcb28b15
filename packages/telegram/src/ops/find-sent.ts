// Settles a send left in doubt (the connection broke before Telegram answered): did the message
// arrive? Telegram's history does not show random_id, so the look is for a message of ours
// with the same text (or caption) dated from the send's start on, among the latest in the chat.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { type PeerHandle, inputPeerOf } from '../peers/pinned.js';
import type { OpsContext } from './context.js';
import { iso } from './time.js';
import type { SendResult } from './types.js';

export interface FindSentOptions {
  /** The text or caption sent, exactly. */
  text: string;
  /** Unix seconds when the send started (a message older than this is another one). */
  sinceUnix: number;
  /** The send's random_id, reported back with a found message. */
  randomId: string;
  /** How many of the latest messages to look through. Default 50. */
  depth?: number;
}

/** The message if it is there; undefined when the latest messages do not hold it. */
export async function findSent(
  ctx: OpsContext,
  peer: PeerHandle,
  o: FindSentOptions,
): Promise<SendResult | undefined> {
  // Reads the chat's latest messages: for the read role, only a chat in the read scope.
  await ctx.peers.checkHandle(peer, 'chat');
  const history = await ctx.client.invoke(
    new Api.messages.GetHistory({
      peer: inputPeerOf(peer),
      offsetId: 0,
      offsetDate: 0,
      addOffset: 0,
      limit: Math.min(100, o.depth ?? 50),
      maxId: 0,
      minId: 0,
      hash: returnBigInt(0),
    }),
  );
  if (!('messages' in history)) return undefined;
  const self = String(ctx.self.id);
  const text = o.text.trim();
  for (const m of history.messages) {
    if (!(m instanceof Api.Message) || m.date < o.sinceUnix) continue;
    const from = m.fromId instanceof Api.PeerUser ? String(m.fromId.userId) : undefined;
    // Ours: sent by this account, or posted in a channel / private chat as ours (`out`).
    if (!(m.out || from === self)) continue;
    if ((m.message ?? '').trim() !== text) continue;
    return { chat_id: peer.id, message_id: m.id, date: iso(m.date), random_id: o.randomId };
  }
  return undefined;
}
