// Dialog lists: getDialogs (offset paging the way gramjs pages) and getPeerDialogs.
import { Api } from 'telegram';
import type { Dialog, World } from '../world/world.js';
import type { MessageRecord } from '../world/records.js';
import type { HandlerTable } from './context.js';
import { apiMessage, apiPeer, referenced } from './convert.js';
import { num, resolvePeer } from './peers.js';

function apiDialog(d: Dialog): Api.Dialog {
  return new Api.Dialog({
    peer: apiPeer(d.peer),
    topMessage: d.topMessageId,
    readInboxMaxId: d.topMessageId,
    readOutboxMaxId: d.topMessageId,
    unreadCount: 0,
    unreadMentionsCount: 0,
    unreadReactionsCount: 0,
    notifySettings: new Api.PeerNotifySettings({}),
    pinned: d.pinned || undefined,
  });
}

function dialogsPayload(world: World, dialogs: Dialog[]) {
  const tops = dialogs
    .map((d) => world.message(d.peer, d.topMessageId))
    .filter((m): m is MessageRecord => !!m);
  const { users, chats } = referenced(
    world,
    dialogs.map((d) => d.peer),
    tops,
  );
  return {
    dialogs: dialogs.map(apiDialog),
    messages: tops.map((m) => apiMessage(m, world)),
    users,
    chats,
  };
}

export function state(world: World): Api.updates.State {
  return new Api.updates.State({ pts: 1, qts: 0, date: world.now(), seq: 1, unreadCount: 0 });
}

export const dialogHandlers: HandlerTable = {
  'messages.GetDialogs'(req: Api.messages.GetDialogs, { world }) {
    let all = world.dialogs();
    if (req.excludePinned) all = all.filter((d) => !d.pinned);
    let start = 0;
    const offsetInput = req.offsetPeer as unknown as { className: string };
    const offsetPeer =
      offsetInput.className === 'InputPeerEmpty'
        ? undefined
        : resolvePeer(world, req.offsetPeer as never);
    if (offsetPeer) {
      const i = all.findIndex(
        (d) => d.peer.type === offsetPeer.type && d.peer.id === offsetPeer.id,
      );
      start = i >= 0 ? i + 1 : all.length;
    } else if (req.offsetDate) {
      const dateOf = (d: Dialog) => world.message(d.peer, d.topMessageId)?.date ?? 0;
      start = all.findIndex((d) => dateOf(d) < req.offsetDate);
      if (start < 0) start = all.length;
    }
    const limit = req.limit <= 0 ? 100 : Math.min(req.limit, 100);
    const page = all.slice(start, start + limit);
    const payload = dialogsPayload(world, page);
    if (start === 0 && page.length === all.length) return new Api.messages.Dialogs(payload);
    return new Api.messages.DialogsSlice({ count: all.length, ...payload });
  },

  'messages.GetPeerDialogs'(req: Api.messages.GetPeerDialogs, { world }) {
    const all = world.dialogs();
    const wanted = req.peers.map((p) =>
      resolvePeer(world, (p as Api.InputDialogPeer).peer as never),
    );
    const found = wanted
      .map((w) => all.find((d) => d.peer.type === w.type && d.peer.id === num(w.id)))
      .filter((d): d is Dialog => !!d);
    return new Api.messages.PeerDialogs({ ...dialogsPayload(world, found), state: state(world) });
  },
};
