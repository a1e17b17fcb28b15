// Reads the one tool error format of the tgmcp servers: an `isError` result whose first text
// block is `{ error: { code, message, retry_after?, field? } }`.

export interface ToolErrorBody {
  code: string;
  message: string;
  retry_after?: number;
  field?: string;
}

/** The error of a tool result; throws when the result is not an error. */
export function toolError(result: unknown): ToolErrorBody {
  const r = result as { isError?: boolean; content?: Array<{ type?: string; text?: string }> };
  if (!r.isError)
    throw new Error(`expected an error result, got ${JSON.stringify(r).slice(0, 400)}`);
  return (JSON.parse(r.content![0]!.text!) as { error: ToolErrorBody }).error;
}
