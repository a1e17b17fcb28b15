// The account's dialogs, newest first, with an opaque cursor. A type filter is applied while
// paging, before the limit (the seed fetched `limit` dialogs and filtered afterwards).
import { Api } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { InvalidInputError } from '../errors.js';
import { describeEntity } from '../peers/resolve.js';
import type { OpsContext } from './context.js';
import { DIALOG_TYPES, type DialogType } from './dialog-types.js';
import { markedPeer } from './normalize-message.js';
import { isoOrNull } from './time.js';
import type { Dialog, DialogPage } from './types.js';

export { DIALOG_TYPES, type DialogType } from './dialog-types.js';

export interface GetDialogsOptions {
  limit?: number;
  cursor?: string | null;
  /** `group` matches basic groups and supergroups (as the seed did); `supergroup` only those. */
  type?: DialogType;
  /**
   * Which dialogs may be returned, applied with `type` (and the client's read scope, which always
   * applies) before the limit. The cursor then always points at a returned dialog, never at one
   * the filter left out.
   */
  filter?: (dialog: Dialog) => boolean;
}

interface Cursor {
  date: number;
  id: number;
  peer: { type: 'user' | 'chat' | 'channel'; id: string; hash?: string };
}

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decode(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.date === 'number' && typeof c.id === 'number' && c.peer?.id) return c;
  } catch {
    // reported below
  }
  throw new InvalidInputError('cursor', 'is not a cursor returned by this tool');
}

function inputPeer(c: Cursor['peer']): Api.TypeInputPeer {
  const hash = returnBigInt(c.hash ?? '0');
  if (c.type === 'user')
    return new Api.InputPeerUser({ userId: returnBigInt(c.id), accessHash: hash });
  if (c.type === 'channel')
    return new Api.InputPeerChannel({ channelId: returnBigInt(c.id), accessHash: hash });
  return new Api.InputPeerChat({ chatId: returnBigInt(c.id) });
}

const PAGE = 100;

const matches = (type: DialogType, d: Dialog) =>
  type === 'all' || d.type === type || (type === 'group' && d.type === 'supergroup');

export async function getDialogs(ctx: OpsContext, o: GetDialogsOptions = {}): Promise<DialogPage> {
  const limit = o.limit ?? 100;
  const type = o.type ?? 'all';
  if (!Number.isInteger(limit) || limit < 1)
    throw new InvalidInputError('limit', 'must be a whole number of at least 1');
  if (!DIALOG_TYPES.includes(type))
    throw new InvalidInputError('dialog_type', `must be one of ${DIALOG_TYPES.join(', ')}`);
  let cursor = o.cursor ? decode(o.cursor) : undefined;
  // The read scope filters while paging, like `type`: the limit counts chats in the scope, and
  // the cursor never points at (so never encodes the id of) a chat outside it.
  const inScope = await ctx.peers.filter();
  const out: Dialog[] = [];
  for (;;) {
    const r = await ctx.client.invoke(
      new Api.messages.GetDialogs({
        offsetDate: cursor?.date ?? 0,
        offsetId: cursor?.id ?? 0,
        offsetPeer: cursor ? inputPeer(cursor.peer) : new Api.InputPeerEmpty(),
        limit: PAGE,
        hash: returnBigInt(0),
      }),
    );
    if (r instanceof Api.messages.DialogsNotModified) return { dialogs: out, next_cursor: null };
    const entities = new Map<string, Api.User | Api.Chat | Api.Channel>();
    for (const e of [...r.users, ...r.chats])
      if (e instanceof Api.User || e instanceof Api.Chat || e instanceof Api.Channel)
        entities.set(describeEntity(e).id, e);
    const tops = new Map<string, number>();
    for (const m of r.messages)
      if (!(m instanceof Api.MessageEmpty)) tops.set(`${markedPeer(m.peerId).id}:${m.id}`, m.date);
    const page = r.dialogs.filter((d): d is Api.Dialog => d instanceof Api.Dialog);
    const lastPage = r instanceof Api.messages.Dialogs || r.dialogs.length < PAGE;
    for (let i = 0; i < page.length; i++) {
      const d = page[i]!;
      const peer = markedPeer(d.peer);
      const entity = entities.get(peer.id);
      const date = tops.get(`${peer.id}:${d.topMessage}`);
      cursor = {
        date: date ?? 0,
        id: d.topMessage,
        peer: {
          type: peer.type,
          id: peer.id.replace(/^-(100)?/, ''),
          hash: entity && 'accessHash' in entity ? entity.accessHash?.toString() : undefined,
        },
      };
      if (!entity) continue;
      const described = describeEntity(entity);
      const dialog: Dialog = {
        ...described,
        username: described.username ?? null,
        unread_count: d.unreadCount,
        pinned: !!d.pinned,
        members_count: entity instanceof Api.User ? null : (entity.participantsCount ?? null),
        last_message_id: d.topMessage || null,
        last_message_date: isoOrNull(date),
      };
      if (!matches(type, dialog) || (inScope && !inScope(dialog.id))) continue;
      if (o.filter && !o.filter(dialog)) continue;
      out.push(dialog);
      if (out.length >= limit) {
        const more = i < page.length - 1 || !lastPage;
        return { dialogs: out, next_cursor: more ? encode(cursor) : null };
      }
    }
    if (lastPage || page.length === 0) return { dialogs: out, next_cursor: null };
  }
}
