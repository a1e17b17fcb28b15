// Whether a DM would be this account's first message to a user: one messages.search for a
// message of ours in the chat. Fails closed: when the lookup fails, the answer is "first
// contact", so the stricter first_contact quota is charged rather than skipped.
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { type PeerHandle, inputPeerOf } from '../peers/pinned.js';
import type { OpsContext } from './context.js';

export async function isFirstContact(ctx: OpsContext, peer: PeerHandle): Promise<boolean> {
  if (peer.type !== 'user' || peer.id === String(ctx.self.id)) return false;
  // Looks into the private chat: for the read role, only one in the read scope.
  await ctx.peers.checkHandle(peer, 'user');
  try {
    const found = await ctx.client.invoke(
      new Api.messages.Search({
        peer: inputPeerOf(peer, 'group'),
        q: '',
        fromId: new Api.InputPeerSelf(),
        filter: new Api.InputMessagesFilterEmpty(),
        minDate: 0,
        maxDate: 0,
        offsetId: 0,
        addOffset: 0,
        limit: 1,
        maxId: 0,
        minId: 0,
        hash: returnBigInt(0),
      }),
    );
    return !('messages' in found) || found.messages.length === 0;
  } catch {
    return true;
  }
}
