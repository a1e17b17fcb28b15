// The tools/call route of our servers. Arguments are validated here, with each tool's own zod
// schema, so that a bad argument is a tool result in the one error format (INVALID_INPUT naming
// the field). McpServer's route validates before any of our code runs and answers with its own
// text, or with a JSON-RPC error when `arguments` is not an object. tools/list is ours too: it
// advertises the registered schemas in a portable form (portable-schema.ts).
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import { Protocol, type RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import {
  type CallToolResult,
  ErrorCode,
  ListToolsRequestSchema,
  McpError,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import { ToolError, toolError } from './errors.js';
import { portableSchema } from './portable-schema.js';

export type CallExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export interface ToolRoute {
  /** McpServer's record of the tool: `enabled` is honoured here too. */
  registered: RegisteredTool;
  input: z.ZodObject;
  output: z.ZodObject;
  /** Validates the raw arguments against `input` (INVALID_INPUT naming the field), then runs. */
  call(args: unknown, extra: CallExtra): Promise<CallToolResult>;
}

// `arguments` is left to the route: the SDK's request schema would refuse a non-object first.
const CallRequest = z.object({
  method: z.literal('tools/call'),
  params: z
    .looseObject({ name: z.unknown().optional(), arguments: z.unknown().optional() })
    .optional(),
});

const routes = new WeakMap<McpServer, Map<string, ToolRoute>>();

/** Routes `tools/call` of `server` to `route` for `name` (installed on the first tool). */
export function addToolRoute(server: McpServer, name: string, route: ToolRoute): void {
  let table = routes.get(server);
  if (!table) {
    table = new Map();
    routes.set(server, table);
    install(server, table);
  }
  table.set(name, route);
}

/** A tool as tools/list shows it (the schemas are computed once). */
const listings = new WeakMap<ToolRoute, Tool>();
function listing(name: string, route: ToolRoute): Tool {
  let tool = listings.get(route);
  if (!tool) {
    const r = route.registered;
    tool = {
      name,
      title: r.title,
      description: r.description,
      inputSchema: portableSchema(route.input, 'input') as Tool['inputSchema'],
      outputSchema: portableSchema(route.output, 'output') as Tool['outputSchema'],
      annotations: r.annotations,
      ...(r._meta ? { _meta: r._meta } : {}),
    };
    listings.set(route, tool);
  }
  return tool;
}

function install(server: McpServer, table: Map<string, ToolRoute>): void {
  server.server.removeRequestHandler('tools/list');
  server.server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [...table].filter(([, r]) => r.registered.enabled).map(([n, r]) => listing(n, r)),
  }));
  // McpServer set its tools/call handler when the first tool was registered; this replaces it.
  // Server.setRequestHandler would wrap ours in a parse of the SDK's CallToolRequestSchema (a
  // JSON-RPC error for non-object arguments, before our handler runs); the base Protocol method
  // is public and installs the handler as given. Nothing private is touched.
  server.server.removeRequestHandler('tools/call');
  Protocol.prototype.setRequestHandler.call(
    server.server,
    CallRequest,
    async (request: z.infer<typeof CallRequest>, extra: CallExtra): Promise<CallToolResult> => {
      const name = request.params?.name;
      if (typeof name !== 'string')
        throw new McpError(ErrorCode.InvalidParams, 'tools/call needs params.name, a string');
      const route = table.get(name);
      if (!route?.registered.enabled)
        return toolError(
          new ToolError('UNKNOWN_TOOL', `no tool named ${JSON.stringify(name.slice(0, 100))}`),
        );
      const result = await route.call(request.params?.arguments, extra);
      if (!result.isError && !route.output.safeParse(result.structuredContent).success)
        return toolError(
          new ToolError('INTERNAL_ERROR', `${name} produced a result outside its output schema`),
        );
      return result;
    },
  );
}

const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : typeof v);

const pathText = (path: PropertyKey[]) =>
  path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join('');

/** Validated arguments, or an INVALID_INPUT error naming the first bad field in declared order. */
export function parseArguments<S extends z.ZodObject>(
  schema: S,
  args: unknown,
): z.infer<S> | ToolError {
  if (args !== undefined && (typeof args !== 'object' || args === null || Array.isArray(args)))
    return new ToolError(
      'INVALID_INPUT',
      `arguments: must be an object of named parameters, got ${kindOf(args)}`,
      'arguments',
    );
  const parsed = schema.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  const keys = Object.keys(schema.shape);
  const rank = (issue: z.core.$ZodIssue) => {
    const i = keys.indexOf(String(issue.path[0]));
    return i < 0 ? keys.length : i;
  };
  const issue = [...parsed.error.issues].sort((a, b) => rank(a) - rank(b))[0]!;
  const field = typeof issue.path[0] === 'string' ? issue.path[0] : 'arguments';
  let message = issue.message;
  // A union's own message is just "Invalid input": say what each accepted form wanted.
  if (issue.code === 'invalid_union' && issue.errors.length > 0)
    message = `matches none of its accepted forms (${issue.errors
      .map((branch) => (branch[0]?.message ?? 'invalid').replace(/^Invalid input: /, ''))
      .join('; or ')})`;
  if (args === undefined && keys.includes(field)) message = `${message} (no arguments were given)`;
  return new ToolError(
    'INVALID_INPUT',
    `${pathText(issue.path) || 'arguments'}: ${message}`,
    field,
  );
}
