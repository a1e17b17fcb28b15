// The one error format of every tool: `{ error: { code, message, retry_after?, field? } }` in the
// text of an `isError` result (no structuredContent: clients would validate it against the
// output schema). Telegram's RPC errors get their code and what-to-do line from the table in
// @tgmcp/telegram. Secrets are scrubbed from messages as a last line of defence.
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { explainTelegramError } from '@tgmcp/telegram';

export interface ToolErrorBody {
  code: string;
  message: string;
  retry_after?: number;
  field?: string;
}

/** An error of this server, with a code and, when relevant, the field at fault. */
export class ReadToolError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ReadToolError';
  }
}

export function describeError(err: unknown): ToolErrorBody {
  const telegram = explainTelegramError(err);
  if (telegram) {
    const body: ToolErrorBody = { code: telegram.code, message: telegram.message };
    if (telegram.retryAfterSec !== undefined) body.retry_after = telegram.retryAfterSec;
    const field = (err as { field?: unknown }).field;
    if (typeof field === 'string') body.field = field;
    return body;
  }
  const e = err as {
    code?: unknown;
    errorMessage?: unknown;
    message?: unknown;
    retryAfterSec?: unknown;
    seconds?: unknown;
    field?: unknown;
    name?: unknown;
  };
  let code = typeof e?.code === 'string' ? e.code : undefined;
  if (!code && typeof e?.errorMessage === 'string') code = e.errorMessage;
  if (e?.name === 'AbortError') code = 'CANCELLED';
  const body: ToolErrorBody = {
    code: code ?? 'INTERNAL_ERROR',
    message: typeof e?.message === 'string' && e.message ? e.message : String(err),
  };
  const retry =
    typeof e?.retryAfterSec === 'number'
      ? e.retryAfterSec
      : typeof e?.seconds === 'number'
        ? e.seconds
        : undefined;
  if (retry !== undefined) body.retry_after = retry;
  if (typeof e?.field === 'string') body.field = e.field;
  return body;
}

export function toolError(err: unknown, secrets: string[] = []): CallToolResult {
  const body = describeError(err);
  for (const s of secrets)
    if (s.length >= 6) body.message = body.message.split(s).join('[redacted]');
  return { isError: true, content: [{ type: 'text', text: JSON.stringify({ error: body }) }] };
}
