// One way to register a tool: zod input and output schemas, annotations, a short text summary
// and the result's compact JSON as text beside `structuredContent` (clients that hand only
// `content` to the model must see the data too), and one error format for every failure.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { ToolError, toolError } from './errors.js';
import { type CallExtra, addToolRoute, parseArguments } from './tool-calls.js';

/** A file the result points at instead of inlining it (exports). */
export interface ResourceLink {
  type: 'resource_link';
  uri: string;
  name: string;
  mimeType?: string;
  description?: string;
}

export interface ToolExtra {
  signal: AbortSignal;
  /** Reports progress when the client asked for it (a progress token); otherwise a no-op. */
  progress(done: number, total: number | undefined, message: string): Promise<void>;
}

export interface ToolSpec<I extends z.ZodRawShape, O extends z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: I;
  output: O;
  /** Overrides of the read defaults (the actions server's write tools). */
  annotations?: {
    readOnlyHint?: boolean;
    destructiveHint?: boolean;
    idempotentHint?: boolean;
    openWorldHint?: boolean;
  };
  run(
    args: z.infer<z.ZodObject<I>>,
    extra: ToolExtra,
  ): Promise<{ result: z.infer<z.ZodObject<O>>; summary: string; links?: ResourceLink[] }>;
}

export const READ_ANNOTATIONS = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
} as const;

export function defineTool<I extends z.ZodRawShape, O extends z.ZodRawShape>(
  server: McpServer,
  runtime: ServerRuntime,
  spec: ToolSpec<I, O>,
): void {
  const run = async (args: z.infer<z.ZodObject<I>>, extra: CallExtra): Promise<CallToolResult> => {
    const token = extra._meta?.progressToken;
    let last = 0;
    const toolExtra: ToolExtra = {
      signal: extra.signal,
      async progress(done, total, message) {
        if (token === undefined) return;
        // Progress must increase; waits report the same count with a new message.
        last = Math.max(last, done);
        await extra
          .sendNotification({
            method: 'notifications/progress',
            params: { progressToken: token, progress: last, total, message },
          })
          .catch(() => undefined);
      },
    };
    try {
      const { result, summary, links } = await runtime.withCall(toolExtra, () =>
        spec.run(args, toolExtra),
      );
      // The spec: a tool returning structured content SHOULD also return it serialized as text.
      return {
        content: [
          { type: 'text', text: summary },
          { type: 'text', text: JSON.stringify(result) },
          ...(links ?? []),
        ],
        structuredContent: result,
      };
    } catch (err) {
      return toolError(err, runtime.secrets());
    }
  };
  const input = z.object(spec.input);
  const output = z.object(spec.output);
  // As McpServer holds them: a schema of unknown shape, so its callback type is a plain record.
  const listedInput: z.ZodObject = input;
  const listedOutput: z.ZodObject = output;
  // McpServer keeps the tool's listing (the JSON schema advertised in tools/list); calls go
  // through our route, which validates `args` against `input` first (tool-calls.ts). The
  // callback McpServer holds takes the same path should anything call it directly.
  const registered = server.registerTool(
    spec.name,
    {
      title: spec.title,
      description: spec.description,
      inputSchema: listedInput,
      outputSchema: listedOutput,
      // No annotations.title: tools/list carries the title once, as the spec's `title`.
      annotations: { ...READ_ANNOTATIONS, ...spec.annotations },
    },
    // Never called: tools/call is answered by the route below (tool-calls.ts replaces
    // McpServer's handler), which validates the raw arguments once.
    () => toolError(new ToolError('INTERNAL_ERROR', `${spec.name}: called outside its route`)),
  );
  addToolRoute(server, spec.name, {
    registered,
    input,
    output,
    call: async (raw, extra) => {
      const args = parseArguments(input, raw);
      return args instanceof ToolError ? toolError(args) : run(args, extra);
    },
  });
}
