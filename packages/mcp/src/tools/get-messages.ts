// tg_get_messages: a page of a chat's history with filters, trimming and a cursor.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { MessageRecord } from '@tgmcp/telegram';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { defineTool } from '../tool/define.js';
import { exportAsLink, exportFormatParam, exportOutput } from '../tool/export-link.js';
import { lean } from '../tool/lean.js';
import {
  LEAN_NOTICE,
  MESSAGE_FIELDS_NOT_BY_DEFAULT,
  UNTRUSTED_NOTICE,
  groupParam,
  limitParam,
  messageSchema,
} from '../tool/schemas.js';

type Field = keyof MessageRecord;
const FIELDS = Object.keys(messageSchema.shape).filter((f) => f !== 'text_truncated') as Field[];
const DEFAULT_FIELDS = FIELDS.filter((f) => !MESSAGE_FIELDS_NOT_BY_DEFAULT.includes(f));
const date = z.iso.datetime({ offset: true }).or(z.iso.date());

export function registerGetMessagesTool(server: McpServer, runtime: ServerRuntime): void {
  const cap = runtime.config.maxItems;
  const fileCap = Math.max(cap, runtime.config.maxExportItems);
  defineTool(server, runtime, {
    name: 'tg_get_messages',
    title: 'Messages of a chat',
    description: `Messages of a chat, newest first. Up to ${cap} inline; a larger limit (max ${fileCap}) writes a file and returns a resource_link. ${LEAN_NOTICE} ${MESSAGE_FIELDS_NOT_BY_DEFAULT.join(', ')}: only via fields. ${UNTRUSTED_NOTICE}`,
    input: {
      group: groupParam,
      limit: limitParam(100, fileCap),
      export_format: exportFormatParam,
      min_id: z.number().int().min(0).default(0).describe('Only messages with a greater id'),
      offset_id: z.number().int().min(0).optional().describe('next_offset_id of the previous call'),
      max_id: z.number().int().min(0).optional().describe('Only messages with a smaller id'),
      reverse: z.boolean().default(false).describe('Oldest first'),
      search: z.string().max(256).optional().describe('Only messages containing this text'),
      from_user: z
        .string()
        .min(1)
        .optional()
        .describe('Only messages from this user (@username or id)'),
      min_date: date.optional().describe('Only messages at or after this ISO date or date-time'),
      max_date: date.optional().describe('Only messages at or before this ISO date or date-time'),
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
        .array(z.enum(FIELDS as [Field, ...Field[]]))
        .optional()
        .describe('Return only these fields (id always)'),
    },
    output: {
      group: z.string(),
      count: z.number().int(),
      messages: z.array(messageSchema),
      next_offset_id: z.number().int().optional().describe('Absent at the end'),
      notice: z.string(),
      export: exportOutput,
    },
    async run(a, extra) {
      const tg = await runtime.telegram();
      const id = (await tg.resolveChat(a.group, 'group')).id;
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
            notice: UNTRUSTED_NOTICE,
            export: e.export,
          },
          summary: `${e.count} message(s) from ${id} written to ${e.export.file} (${a.export_format}); see the resource link and manifest. ${UNTRUSTED_NOTICE}`,
          links: [e.link],
        };
      }
      const maxChars = a.max_text_chars ?? runtime.config.maxTextChars;
      const fields = a.fields ?? DEFAULT_FIELDS;
      const messages: Array<z.infer<typeof messageSchema>> = [];
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
        const record: Record<string, unknown> = { id: m.id };
        for (const key of FIELDS) if (fields.includes(key)) record[key] = m[key];
        if (fields.includes('text') && m.text.length > maxChars) {
          record.text = m.text.slice(0, maxChars);
          record.text_truncated = true;
        }
        messages.push(lean(record) as z.infer<typeof messageSchema>);
        if (messages.length % 100 === 0) await extra.progress(messages.length, a.limit, 'messages');
      }
      const last = messages.at(-1);
      return {
        result: {
          group: id,
          count: messages.length,
          messages,
          ...(more && last ? { next_offset_id: last.id } : {}),
          notice: UNTRUSTED_NOTICE,
        },
        summary: `${messages.length} message(s) from ${id}${more ? `; more: offset_id=${last!.id}` : ''}. ${UNTRUSTED_NOTICE}`,
      };
    },
  });
}
