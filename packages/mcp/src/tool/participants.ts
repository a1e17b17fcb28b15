// What tg_get_participants and tg_search_participants share: output, phone rule, listing.
import type { Participant } from '@tgmcp/telegram';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { type ToolExtra } from './define.js';
import { ToolError } from './errors.js';
import { exportAsLink, exportOutput } from './export-link.js';
import { lean } from './lean.js';
import { participantSchema } from './schemas.js';

export const participantsOutput = {
  group: z.string(),
  count: z.number().int(),
  participants: z.array(participantSchema),
  truncated: z.boolean().describe('More members exist than were returned'),
  export: exportOutput,
};

export const includePhoneParam = z
  .boolean()
  .default(false)
  .describe("Include members' phone numbers (only if the operator set TG_READ_ALLOW_PHONES=1)");

/** Phone numbers are personal data: returned only when asked and the operator allows it. */
export function phonesWanted(runtime: ServerRuntime, includePhone: boolean): boolean {
  if (includePhone && !runtime.config.allowPhones)
    throw new ToolError(
      'PHONES_NOT_ALLOWED',
      "include_phone needs the operator's permission: set TG_READ_ALLOW_PHONES=1 in the server's environment, or call without include_phone",
      'include_phone',
    );
  return includePhone;
}

/** Above the inline maximum, members go to a file returned as a resource_link. */
export async function toFile(
  runtime: ServerRuntime,
  group: string | number,
  limit: number,
  format: 'jsonl' | 'csv' | 'tdesktop',
  participants: {
    search?: string;
    filter?: 'all' | 'admins' | 'bots' | 'banned' | 'kicked';
    includeBots: boolean;
    includePhone: boolean;
  },
  extra: ToolExtra,
) {
  const tg = await runtime.telegram();
  const id = (await tg.resolveChat(group, 'group')).id;
  const e = await exportAsLink(
    runtime,
    { kind: 'participants', chat: id, format, limit, participants },
    extra,
  );
  return {
    result: { group: id, count: e.count, participants: [], truncated: false, export: e.export },
    summary: `${e.count} member(s) of ${id} written to ${e.export.file}; see the resource link and manifest`,
    links: [e.link],
  };
}

export async function collect(
  runtime: ServerRuntime,
  group: string | number,
  limit: number,
  options: {
    search?: string;
    filter?: 'all' | 'admins' | 'bots' | 'banned' | 'kicked';
    includeBots: boolean;
    includePhone: boolean;
  },
  extra: {
    signal: AbortSignal;
    progress(d: number, t: number | undefined, m: string): Promise<void>;
  },
) {
  const tg = await runtime.telegram();
  const id = (await tg.resolveChat(group, 'group')).id;
  const participants: Participant[] = [];
  let truncated = false;
  for await (const p of tg.iterParticipants(id, { ...options, signal: extra.signal })) {
    if (participants.length >= limit) {
      truncated = true;
      break;
    }
    participants.push(p);
    if (participants.length % 200 === 0)
      await extra.progress(participants.length, limit, 'members');
  }
  const lean_ = participants.map((p) => lean(p) as z.infer<typeof participantSchema>);
  return { group: id, count: participants.length, participants: lean_, truncated };
}
