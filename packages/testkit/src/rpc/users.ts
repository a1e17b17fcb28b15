// Users and contacts: getUsers, getFullUser, resolveUsername, getContacts.
import { Api } from 'telegram';
import { RpcError } from '../mtproto/connection.js';
import type { HandlerTable } from './context.js';
import { apiChat, apiPeer, apiUser, big } from './convert.js';
import { resolveUser } from './peers.js';

const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;

export const userHandlers: HandlerTable = {
  'users.GetUsers'(req: Api.users.GetUsers, { world }) {
    return req.id.map((input) => {
      try {
        return apiUser(resolveUser(world, input as never), world);
      } catch {
        return new Api.UserEmpty({ id: big(0) });
      }
    });
  },

  'users.GetFullUser'(req: Api.users.GetFullUser, { world }) {
    const user = resolveUser(world, req.id as never);
    return new Api.users.UserFull({
      fullUser: new Api.UserFull({
        id: big(user.id),
        about: user.bot ? 'A bot' : undefined,
        settings: new Api.PeerSettings({}),
        notifySettings: new Api.PeerNotifySettings({}),
        commonChatsCount: 0,
      }),
      chats: [],
      users: [apiUser(user, world)],
    });
  },

  'contacts.ResolveUsername'(req: Api.contacts.ResolveUsername, { world }) {
    if (!USERNAME.test(req.username)) throw new RpcError(400, 'USERNAME_INVALID');
    const peer = world.resolveUsername(req.username);
    if (!peer) throw new RpcError(400, 'USERNAME_NOT_OCCUPIED');
    const user = peer.type === 'user' ? world.user(peer.id) : undefined;
    const chat = peer.type !== 'user' ? world.chat(peer.id) : undefined;
    return new Api.contacts.ResolvedPeer({
      peer: apiPeer(peer),
      users: user ? [apiUser(user, world)] : [],
      chats: chat ? [apiChat(chat, world)] : [],
    });
  },

  'contacts.GetContacts'(_req: Api.contacts.GetContacts, { world }) {
    const contacts = world.allExplicitUsers().filter((u) => u.contact && u.id !== world.self.id);
    return new Api.contacts.Contacts({
      contacts: contacts.map(
        (u) => new Api.Contact({ userId: big(u.id), mutual: !!u.mutualContact }),
      ),
      savedCount: 0,
      users: contacts.map((u) => apiUser(u, world)),
    });
  },
};
