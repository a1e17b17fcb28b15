// Resolves the exported chat once: the peer, and for users whether it is a bot or this account.
import type { Telegram } from '@tgmcp/telegram';
import type { SourceInfo } from './types.js';

export type DescribeTelegram = Pick<Telegram, 'resolvePeer' | 'getUser' | 'account'>;

export async function describeChat(tg: DescribeTelegram, chat: unknown): Promise<SourceInfo> {
  const peer = await tg.resolvePeer(chat);
  if (peer.type !== 'user') return { chat: peer };
  const user = await tg.getUser(peer.id);
  return { chat: { ...peer, is_bot: user.is_bot, is_self: peer.id === tg.account.id } };
}

/** Resolve once, lazily, and share the promise. */
export function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn());
}
