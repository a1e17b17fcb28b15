// tg_get_messages: a page of a chat's history with filters, trimming and a cursor.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { MessageRecord } from '@tgmcp/telegram';
import { z } from 'zod';
import type { ServerRuntime } from '../server-runtime.js';
import { defineTool } from './define.js';
import { exportAsLink, exportFormatParam, exportOutput } from './export-link.js';
import { UNTRUSTED_NOTICE, groupParam, limitParam, messageSchema } from './schemas.js';

const FIELDS = Object.keys(messageSchema.shape) as Array<keyof typeof messageSchema.shape>;
const date = z.iso.datetime({ offset: true }).or(z.iso.date());

export function registerGetMessagesTool(server: McpServer, runtime: ServerRuntime): void {
  const cap = runtime.config.maxItems;
  const fileCap = Math.max(cap, runtime.config.maxExportItems);
  defineTool(server, runtime, {
    name: 'tg_get_messages',
    title: 'Messages of a chat',
    description: `Messages of a chat, newest first (oldest first with reverse). Every sender is shown (users, channels, anonymous admins). Up to ${cap} are returned inline (continue with offset_id = next_offset_id); a larger limit (up to ${fileCap}) writes them to a file in the data dir and returns a resource_link and the file's manifest. ${UNTRUSTED_NOTICE}`,
    input: {
      group: groupParam,
      limit: limitParam(100, fileCap),
      export_format: exportFormatParam,
      min_id: z.number().int().min(0).default(0).describe('Only messages with a greater id'),
      offset_id: z
        .number()
        .int()
        .min(0)
        .optional()
        .describe('Continue after this id (next_offset_id of the previous call)'),
      max_id: z.number().int().min(0).optional().describe('Only messages with a smaller id'),
      reverse: z.boolean().default(false).describe('Oldest first'),
      search: z.string().max(256).optional().describe('Only messages containing this text'),
      from_user: z
        .union([z.string(), z.number().int()])
        .optional()
        .describe('Only messages from this user'),
      min_date: date.optional().describe('Only messages at or after this date'),
      max_date: date.optional().describe('Only messages at or before this date'),
      include_service: z
        .boolean()
        .default(false)
        .describe('Include service messages (joins, pins, title changes)'),
      max_text_chars: z
        .number()
        .int()
        .min(16)
        .max(100_000)
        .optional()
        .describe('Cut each text to this many characters'),
      fields: z
        .array(z.enum(FIELDS as [string, ...string[]]))
        .optional()
        .describe('Return only these fields (id is always included)'),
    },
    output: {
      group: z.string(),
      count: z.number().int(),
      messages: z.array(messageSchema.partial().required({ id: true })),
      next_offset_id: z
        .number()
        .int()
        .nullable()
        .describe('Pass as offset_id to continue; null at the end'),
      notice: z.string(),
      export: exportOutput,
    },
    async run(a, extra) {
      const tg = await runtime.telegram();
      const id = await runtime.checkChat(tg, a.group);
      const toUnixSec = (d: string | undefined) =>
        d === undefined ? undefined : Math.floor(Date.parse(d) / 1000);
      if (a.limit > cap) {
        const e = await exportAsLink(
          runtime,
          {
            kind: 'messages',
            chat: id,
            format: a.export_format,
            limit: a.limit,
            messages: {
              order: a.reverse ? 'oldest-first' : 'newest-first',
              minId:
                a.reverse && a.offset_id ? Math.max(a.min_id, a.offset_id) : a.min_id || undefined,
              maxId: !a.reverse && a.offset_id ? a.offset_id : a.max_id,
              minDate: toUnixSec(a.min_date),
              maxDate: toUnixSec(a.max_date),
              search: a.search,
              fromUser: a.from_user === undefined ? undefined : String(a.from_user),
              includeService: a.include_service,
            },
          },
          extra,
        );
        return {
          result: {
            group: id,
            count: e.count,
            messages: [],
            next_offset_id: null,
            notice: UNTRUSTED_NOTICE,
            export: e.export,
          },
          summary: `${e.count} message(s) from ${id} written to ${e.export.file} (${a.export_format}); see the resource link and manifest. ${UNTRUSTED_NOTICE}`,
          links: [e.link],
        };
      }
      const maxChars = a.max_text_chars ?? runtime.config.maxTextChars;
      const messages: Array<Partial<MessageRecord> & { id: number; text_truncated?: boolean }> = [];
      let more = false;
      const toUnix = (d: string | undefined) =>
        d === undefined ? undefined : Math.floor(Date.parse(d) / 1000);
      for await (const m of tg.iterMessages(id, {
        limit: a.limit + 1,
        minId: a.min_id,
        offsetId: a.offset_id,
        maxId: a.max_id,
        reverse: a.reverse,
        search: a.search,
        fromUser: a.from_user,
        minDate: toUnix(a.min_date),
        maxDate: toUnix(a.max_date),
        includeService: a.include_service,
        signal: extra.signal,
      })) {
        if (messages.length >= a.limit) {
          more = true;
          break;
        }
        const record: Partial<MessageRecord> & { id: number; text_truncated?: boolean } = { ...m };
        if (m.text.length > maxChars) {
          record.text = m.text.slice(0, maxChars);
          record.text_truncated = true;
        }
        if (a.fields) {
          for (const key of Object.keys(record) as Array<keyof typeof record>)
            if (key !== 'id' && key !== 'text_truncated' && !a.fields.includes(key))
              delete record[key];
        }
        messages.push(record);
        if (messages.length % 100 === 0) await extra.progress(messages.length, a.limit, 'messages');
      }
      const last = messages.at(-1);
      return {
        result: {
          group: id,
          count: messages.length,
          messages,
          next_offset_id: more && last ? last.id : null,
          notice: UNTRUSTED_NOTICE,
        },
        summary: `${messages.length} message(s) from ${id}${more ? `; more: offset_id=${last!.id}` : ''}. ${UNTRUSTED_NOTICE}`,
      };
    },
  });
}
