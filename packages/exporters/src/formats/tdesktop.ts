// Telegram Desktop's single-chat `result.json`: `{ name, type, id, messages: [...] }`, indented
// by one space per level like Desktop writes it, the array streamed one message at a time.
// Dates are UTC (Desktop writes local time without a zone); media files are not downloaded, so
// media fields carry Desktop's "(File not included...)" text.
import type { MessageRecord } from '@tgmcp/telegram';
import { ExportError } from '../errors.js';
import type { SourceInfo } from '../sources/types.js';
import type { Formatter } from './format.js';

const NOT_INCLUDED = '(File not included. Change data exporting settings to download.)';

/** Desktop's names for our service actions. */
const ACTIONS: Record<string, string> = {
  chat_create: 'create_group',
  channel_create: 'create_channel',
  chat_add_user: 'invite_members',
  chat_joined_by_link: 'join_group_by_link',
  chat_delete_user: 'remove_members',
  chat_edit_title: 'edit_group_title',
  pin_message: 'pin_message',
};

/** Marked id (`123`, `-123`, `-100123`) to Desktop's bare id. */
export function bareId(marked: string): number {
  return Number(marked.replace(/^-(100)?/, ''));
}

/** Desktop's peer ids: `user123`, `channel123`, `chat123`. */
export function desktopPeerId(id: string, type: 'user' | 'channel' | 'chat'): string {
  return `${type}${bareId(id)}`;
}

export function desktopChatType(info: SourceInfo): string {
  const c = info.chat;
  if (!c) throw new ExportError('INVALID_INPUT', 'the tdesktop format needs a chat', 'format');
  if (c.type === 'user')
    return c.is_self ? 'saved_messages' : c.is_bot ? 'bot_chat' : 'personal_chat';
  if (c.type === 'group') return 'private_group';
  const visibility = c.username ? 'public' : 'private';
  return `${visibility}_${c.type === 'channel' ? 'channel' : 'supergroup'}`;
}

const desktopDate = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 19);

export function desktopMessage(m: MessageRecord): Record<string, unknown> {
  const out: Record<string, unknown> = {
    id: m.id,
    type: m.is_service ? 'service' : 'message',
    date: desktopDate(m.date_unix),
    date_unixtime: String(m.date_unix),
  };
  if (m.edit_date) {
    const edited = Math.floor(Date.parse(m.edit_date) / 1000);
    out.edited = desktopDate(edited);
    out.edited_unixtime = String(edited);
  }
  const who = m.from_id && m.from_type ? desktopPeerId(m.from_id, m.from_type) : undefined;
  if (m.is_service) {
    if (who) {
      out.actor = m.from_name;
      out.actor_id = who;
    }
    out.action = ACTIONS[m.action ?? ''] ?? m.action ?? 'unknown';
    if (m.action === 'pin_message' && m.reply_to_msg_id !== null)
      out.message_id = m.reply_to_msg_id;
  } else {
    if (who) {
      out.from = m.from_name;
      out.from_id = who;
    }
    if (m.post_author) out.author = m.post_author;
    if (m.fwd_from) out.forwarded_from = m.fwd_from.from_name;
    if (m.reply_to_msg_id !== null) out.reply_to_message_id = m.reply_to_msg_id;
    if (m.media?.kind === 'photo') out.photo = NOT_INCLUDED;
    if (m.media?.kind === 'document') {
      out.file = NOT_INCLUDED;
      if (m.media.file_name) out.file_name = m.media.file_name;
      if (m.media.size !== null) out.file_size = m.media.size;
      if (m.media.mime_type) out.mime_type = m.media.mime_type;
    }
  }
  out.text = m.text;
  out.text_entities = m.text ? [{ type: 'plain', text: m.text }] : [];
  return out;
}

const indent = (json: string, by: string) => json.replaceAll('\n', '\n' + by);

export function tdesktopFormatter(): Formatter<MessageRecord> {
  return {
    start(info) {
      const head = { name: info.chat?.title ?? null, type: desktopChatType(info), id: 0 };
      head.id = bareId(info.chat!.id);
      const fields = JSON.stringify(head, null, 1).slice(0, -2);
      return `${fields},\n "messages": [`;
    },
    record(m, index) {
      const body = indent(JSON.stringify(desktopMessage(m), null, 1), '  ');
      return `${index === 0 ? '' : ','}\n  ${body}`;
    },
    end: (count) => (count === 0 ? ']\n}\n' : '\n ]\n}\n'),
  };
}
