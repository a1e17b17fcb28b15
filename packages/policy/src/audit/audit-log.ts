// The append-only audit trail, `<dataDir>/audit/actions.jsonl` (0600): one JSON line per step
// of a write (preview, approval, execution, result) with who, what and when. It never holds an
// approval code, the confirmation phrase or a confirmation text; a message is recorded as its
// sha256, its length and its first 80 characters (so a person can recognise it), nothing more.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type Clock, systemClock } from '@tgmcp/core';
import { z } from 'zod';
import { PolicyInputError } from '../errors.js';

export const AUDIT_EVENTS = [
  'preview',
  'approved',
  'rejected',
  'refused',
  'duplicate',
  'executed',
  'failed',
  'in_doubt',
  /** A missing allowlist pin was resolved again (allowlist `onRepin`). */
  'repin',
  /** The operator forgot an allowlist pin (`tgmcp-actions unpin`). */
  'unpin',
] as const;
export type AuditEventType = (typeof AUDIT_EVENTS)[number];

export interface AuditText {
  sha256: string;
  /** UTF-16 code units, as Telegram counts. */
  length: number;
  preview: string;
}

/** What a caller records; `time`, `at` and `pid` are added. No field can carry a code. */
export interface AuditInput {
  event: AuditEventType;
  /** Who did it: `agent`, the approver's name, `operator:<name>`, `elicitation`. */
  actor: string;
  account: string;
  action: string;
  target?: { id: string; title: string | null; type: string };
  payload_hash?: string;
  request_id?: string;
  text?: AuditText;
  error_code?: string;
  error?: string;
  duplicate?: boolean;
  force_resend?: boolean;
  quota?: string[];
  /** A small JSON result of the write (message ids); never a payload. */
  result?: unknown;
}

export interface AuditEvent extends AuditInput {
  time: string;
  at: number;
  pid: number;
}

const eventSchema = z.looseObject({
  event: z.enum(AUDIT_EVENTS),
  actor: z.string(),
  account: z.string(),
  action: z.string(),
  time: z.string(),
  at: z.number(),
  pid: z.number(),
});

/** Hash, length and the first `previewChars` characters of a message or caption. */
export function auditText(text: string, previewChars = 80): AuditText {
  return {
    sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
    length: text.length,
    preview: [...text].slice(0, previewChars).join(''),
  };
}

export interface ReadAuditOptions {
  /** The JSONL file (ActionsPolicy.auditFile). */
  file: string;
  /** Only events at or after this time (ms since epoch or a Date). */
  since?: number | Date;
  /** At most this many events: the most recent ones, oldest first. Default 100. */
  limit?: number;
}

export interface AuditLog {
  readonly file: string;
  append(input: AuditInput): Promise<AuditEvent>;
  read(options?: Omit<ReadAuditOptions, 'file'>): Promise<AuditEvent[]>;
}

export function createAuditLog(options: { file: string; clock?: Clock }): AuditLog {
  const { file, clock = systemClock } = options;
  if (!path.isAbsolute(file)) throw new PolicyInputError('file', 'must be an absolute path');
  let ready: Promise<void> | undefined;
  const ensureDir = () =>
    (ready ??= fs
      .mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
      .then(() => undefined));

  return {
    file,
    async append(input) {
      const at = clock.now();
      const event: AuditEvent = {
        ...input,
        time: new Date(at).toISOString(),
        at,
        pid: process.pid,
      };
      if (event.error) event.error = event.error.slice(0, 300);
      await ensureDir();
      // One write() of a whole line on an O_APPEND descriptor: lines of concurrent processes
      // never interleave on a local file system.
      const handle = await fs.open(file, 'a', 0o600);
      try {
        await handle.write(`${JSON.stringify(event)}\n`);
        await handle.sync();
      } finally {
        await handle.close();
      }
      return event;
    },
    read: (o = {}) => readAudit({ ...o, file }),
  };
}

export async function readAudit(options: ReadAuditOptions): Promise<AuditEvent[]> {
  const since = options.since instanceof Date ? options.since.getTime() : (options.since ?? 0);
  const limit = options.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 1)
    throw new PolicyInputError('limit', 'must be an integer >= 1');
  let text: string;
  try {
    text = await fs.readFile(options.file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const out: AuditEvent[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let raw: unknown;
    try {
      raw = JSON.parse(line);
    } catch {
      continue; // a line cut by a crash; the rest of the trail stays readable
    }
    const r = eventSchema.safeParse(raw);
    if (r.success && r.data.at >= since) out.push(r.data);
  }
  return out.slice(-limit);
}
