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

/**
 * The codes the MCP layer itself raises. Errors of the packages underneath keep their own closed
 * sets (Telegram's table in @tgmcp/telegram, PolicyError codes in @tgmcp/policy) and pass through
 * `describeError` with their code; anything else is INTERNAL_ERROR.
 */
export const TOOL_ERROR_CODES = [
  'INVALID_INPUT',
  'INTERNAL_ERROR',
  'UNKNOWN_TOOL',
  'TIMEOUT',
  'CANCELLED',
  'NOT_CONFIGURED',
  'CHAT_NOT_ALLOWED',
  'PHONES_NOT_ALLOWED',
  'NOT_A_GROUP',
  'NOT_A_USER',
  'NO_GROUPS',
  'SAME_USER',
  'APPROVAL_UNAVAILABLE',
  'APPROVAL_REQUIRED',
  'APPROVAL_DECLINED',
  'CONFIRMATION_TEXT_INVALID',
  'DEADLINE_PASSED',
] as const;
export type ToolErrorCode = (typeof TOOL_ERROR_CODES)[number];

/** An error of a tool, with a code of the closed set and, when relevant, the field at fault. */
export class ToolError extends Error {
  constructor(
    readonly code: ToolErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ToolError';
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
