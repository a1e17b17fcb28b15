// Sends one invalid-arguments case (see badArguments) to a server and judges its answer: it must
// be an `isError` result in the one error format, code INVALID_INPUT, naming the first bad field.
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { type CallToolResult, CallToolResultSchema } from '@modelcontextprotocol/sdk/types.js';
import type { BadArgumentsCase } from '../fuzz/bad-arguments.js';

/** What is wrong with a server's answer to `c`, or undefined when it is the expected refusal. */
export function invalidInputProblem(
  result: CallToolResult,
  c: Pick<BadArgumentsCase, 'field'>,
): string | undefined {
  if (!result.isError) return 'not an error';
  if (result.structuredContent !== undefined) return 'error with structuredContent';
  const text = (result.content[0] as { text?: string } | undefined)?.text ?? '';
  let body: { error?: { code?: unknown; message?: unknown; field?: unknown } };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    return `not the error format: ${text.slice(0, 120)}`;
  }
  const e = body.error;
  if (e?.code !== 'INVALID_INPUT') return `code ${String(e?.code)}`;
  if (typeof e.message !== 'string' || !e.message) return 'no message';
  if (e.field !== c.field) return `field ${String(e.field)} instead of ${c.field}`;
  return undefined;
}

/**
 * Sends `c` exactly as given (the SDK client's callTool would insist on an object, and a case
 * may have no arguments or non-object ones) and judges the answer; a JSON-RPC error is a problem.
 */
export async function sendBadArguments(
  client: Client,
  c: BadArgumentsCase,
): Promise<string | undefined> {
  const params =
    c.arguments === undefined ? { name: c.tool } : { name: c.tool, arguments: c.arguments };
  let result: CallToolResult;
  try {
    result = await client.request(
      { method: 'tools/call', params: params as never },
      CallToolResultSchema,
    );
  } catch (err) {
    return `JSON-RPC error ${(err as Error).message.slice(0, 120)}`;
  }
  return invalidInputProblem(result, c);
}
