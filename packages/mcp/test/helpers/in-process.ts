// The read tools in one process: a ServerRuntime on a testkit fake DC (real gramjs over loopback),
// an McpServer with the read tools, and the SDK's Client over an InMemoryTransport pair. No
// build, no child process; one fake DC can serve several runtimes (one per configuration).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  type CallToolResult,
  CallToolResultSchema,
  type Tool,
} from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { memoryStore } from '@tgmcp/ratelimit';
import { createSessionStore } from '@tgmcp/telegram';
import { type FakeTelegram, type World, demoWorld, startFakeTelegram } from '@tgmcp/testkit';
import {
  READ_TOOLS,
  type RegisterTool,
  type ServerConfig,
  ServerRuntime,
  loadServerConfig,
  registerTools,
} from '../../src/index.js';

export const API_HASH = 'feedfacefeedfacefeedfacefeedface';

/** The environment every in-process server starts from (a test adds or overrides variables). */
export const BASE_ENV: Record<string, string> = {
  TG_API_ID: '12345',
  TG_API_HASH: API_HASH,
  TG_SESSION_NAME: 'main',
  TG_GLOBAL_RPS_MODE: 'local',
  RATE_RPS: '200',
};

export interface ToolErrorBody {
  code: string;
  message: string;
  retry_after?: number;
  field?: string;
}

export interface InProcess {
  client: Client;
  runtime: ServerRuntime;
  config: ServerConfig;
  fake: FakeTelegram;
  dataDir: string;
  /** tools/list as the client saw it at start. */
  tools: Tool[];
  /** tools/call with any `arguments` (also non-objects), as the client receives the result. */
  call(name: string, args?: unknown): Promise<CallToolResult>;
  /**
   * A call that must succeed: its structuredContent, checked against the tool's listed output
   * schema and against the JSON text block (the two must say the same).
   */
  ok(name: string, args?: unknown): Promise<Record<string, unknown>>;
  /** A call that must fail: the one error format's body (`args` undefined: none are sent). */
  error(name: string, args?: unknown): Promise<ToolErrorBody>;
  close(): Promise<void>;
}

const validators = new AjvJsonSchemaValidator();

/** Problems of `value` against `tool`'s listed output schema (undefined when it validates). */
export function outputProblems(tool: Tool, value: unknown): string | undefined {
  if (!tool.outputSchema) return `${tool.name} lists no output schema`;
  const r = validators.getValidator(tool.outputSchema)(value);
  return r.valid ? undefined : r.errorMessage;
}

export function errorBody(result: CallToolResult): ToolErrorBody {
  if (!result.isError)
    throw new Error(`expected an error result, got ${JSON.stringify(result).slice(0, 300)}`);
  const text = result.content[0]?.type === 'text' ? result.content[0].text : '';
  return (JSON.parse(text) as { error: ToolErrorBody }).error;
}

/** tools/list of a server with `tools` (no Telegram: listing never connects). */
export async function listTools(tools: readonly RegisterTool[] = READ_TOOLS): Promise<Tool[]> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-mcp-test-'));
  const runtime = new ServerRuntime({
    config: loadServerConfig({ ...BASE_ENV, TG_DATA_DIR: dataDir }),
    store: memoryStore(),
  });
  const server = new McpServer({ name: 'tgmcp-read-in-process', version: '0.0.0' });
  registerTools(server, runtime, tools);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'in-process', version: '0.0.0' });
  await client.connect(clientSide);
  try {
    return (await client.listTools()).tools;
  } finally {
    await client.close();
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function startInProcess(
  o: {
    /** Another server on this fake DC (its world is shared); default: a new demo world's. */
    fake?: FakeTelegram;
    world?: World;
    env?: Record<string, string | undefined>;
    tools?: readonly RegisterTool[];
  } = {},
): Promise<InProcess> {
  const fake = o.fake ?? (await startFakeTelegram({ world: o.world ?? demoWorld() }));
  const dataDir = mkdtempSync(path.join(tmpdir(), 'tgmcp-mcp-test-'));
  createSessionStore({ dataDir }).save('main', {
    session: fake.sessionString,
    source: 'test',
    account: { id: String(fake.world.self.id) },
  });
  const config = loadServerConfig({ ...BASE_ENV, TG_DATA_DIR: dataDir, ...o.env });
  const runtime = new ServerRuntime({
    config,
    connect: { clientOptions: fake.connectOptions },
    store: memoryStore(),
  });
  const server = new McpServer({ name: 'tgmcp-read-in-process', version: '0.0.0' });
  registerTools(server, runtime, o.tools ?? READ_TOOLS);
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'in-process', version: '0.0.0' });
  await client.connect(clientSide);
  const { tools } = await client.listTools();

  // client.request, not client.callTool: arguments that are not an object must reach the server.
  const call = (name: string, args?: unknown) =>
    client.request(
      { method: 'tools/call', params: { name, arguments: args as Record<string, unknown> } },
      CallToolResultSchema,
    );
  return {
    client,
    runtime,
    config,
    fake,
    dataDir,
    tools,
    call,
    async ok(name, args = {}) {
      const r = await call(name, args);
      if (r.isError) throw new Error(`${name} failed: ${JSON.stringify(r.content)}`);
      const tool = tools.find((t) => t.name === name);
      if (!tool) throw new Error(`${name} is not listed`);
      const problems = outputProblems(tool, r.structuredContent);
      if (problems) throw new Error(`${name}: output outside its listed schema: ${problems}`);
      const json = r.content[1];
      if (
        json?.type !== 'text' ||
        JSON.stringify(JSON.parse(json.text)) !== JSON.stringify(r.structuredContent)
      )
        throw new Error(`${name}: the JSON text block differs from structuredContent`);
      return r.structuredContent!;
    },
    async error(name, args) {
      return errorBody(await call(name, args));
    },
    async close() {
      await client.close().catch(() => undefined);
      await runtime.close().catch(() => undefined);
      if (!o.fake) await fake.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
