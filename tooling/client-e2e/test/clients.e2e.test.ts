// tgmcp-read --demo through the MCP client libraries people use: each one lists the tools, calls
// tg_get_messages, and what it hands to the model must contain the message texts (clients that
// forward only `content` never show structuredContent to the model).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createMCPClient } from '@ai-sdk/mcp';
import { Experimental_StdioMCPTransport } from '@ai-sdk/mcp/mcp-stdio';
import { ToolMessage } from '@langchain/core/messages';
import { MultiServerMCPClient } from '@langchain/mcp-adapters';
import {
  Agent,
  MCPServerStdio,
  type Model,
  type ModelRequest,
  type ModelResponse,
  Runner,
  Usage,
  setTracingDisabled,
} from '@openai/agents';
import { beforeAll, describe, expect, it } from 'vitest';
import { ARGS, COMMAND, GET_MESSAGES, missingTexts, referenceTexts } from './demo-server.js';

const INSPECTOR = fileURLToPath(new URL('../node_modules/.bin/mcp-inspector', import.meta.url));
const run = promisify(execFile);
let texts: string[] = [];
beforeAll(async () => {
  texts = await referenceTexts();
}, 60_000);

describe('MCP Inspector CLI 2.12.0', () => {
  it('lists the tools, and the content of tg_get_messages holds the message texts', async () => {
    const list = await run(INSPECTOR, ['--cli', ...inspectorTarget(), '--method', 'tools/list']);
    const names = (JSON.parse(list.stdout) as { tools: Array<{ name: string }> }).tools.map(
      (t) => t.name,
    );
    expect(names).toContain('tg_get_messages');
    const call = await run(INSPECTOR, [
      '--cli',
      ...inspectorTarget(),
      '--method',
      'tools/call',
      '--tool-name',
      'tg_get_messages',
      '--tool-arg',
      `group=${GET_MESSAGES.group}`,
      `limit=${GET_MESSAGES.limit}`,
    ]);
    const result = JSON.parse(call.stdout) as { content: Array<{ type: string; text?: string }> };
    // A model sees the content blocks; structuredContent is for programs.
    const seen = result.content.map((c) => c.text ?? '').join('\n');
    expect(missingTexts(seen, texts)).toEqual([]);
  }, 60_000);
});

describe('Vercel AI SDK: @ai-sdk/mcp 2.0.99 (createMCPClient, stdio transport)', () => {
  it('lists the tools, and toModelOutput of tg_get_messages holds the message texts', async () => {
    const client = await createMCPClient({
      transport: new Experimental_StdioMCPTransport({
        command: COMMAND,
        args: ARGS,
        stderr: 'ignore',
      }),
    });
    try {
      const tools = await client.tools();
      expect(Object.keys(tools)).toContain('tg_get_messages');
      const tool = tools.tg_get_messages!;
      const options = { toolCallId: 'call-1', messages: [], context: {} };
      const output: unknown = await tool.execute(GET_MESSAGES, options);
      // What generateText puts in the tool-result message for the model (default mode).
      const forModel = await tool.toModelOutput!({
        toolCallId: 'call-1',
        input: GET_MESSAGES,
        output,
      } as never);
      expect(missingTexts(JSON.stringify(forModel), texts)).toEqual([]);
    } finally {
      await client.close();
    }
  }, 60_000);
});

describe('OpenAI Agents SDK: @openai/agents 0.20.0 (MCPServerStdio)', () => {
  it('an agent run calls tg_get_messages, and the next model request holds the message texts', async () => {
    setTracingDisabled(true);
    const server = new MCPServerStdio({ name: 'tgmcp-read', command: COMMAND, args: ARGS });
    await server.connect();
    try {
      const tools = await server.listTools();
      expect(tools.map((t) => t.name)).toContain('tg_get_messages');
      const model = new ScriptedModel();
      const agent = new Agent({
        name: 'reader',
        instructions: 'Read.',
        model,
        mcpServers: [server],
      });
      const result = await new Runner({ tracingDisabled: true }).run(agent, 'Latest messages?');
      expect(result.finalOutput).toBe('done');
      expect(model.requests).toHaveLength(2);
      // The second request is what the model gets back after its tool call (default settings:
      // no useStructuredContent).
      const toolOutputs = (model.requests[1]!.input as Array<{ type: string }>).filter(
        (item) => item.type === 'function_call_result',
      );
      expect(toolOutputs).toHaveLength(1);
      expect(missingTexts(JSON.stringify(toolOutputs), texts)).toEqual([]);
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('LangChain: @langchain/mcp-adapters 1.1.4', () => {
  it('loads the tools, and the ToolMessage of tg_get_messages holds the message texts', async () => {
    const client = new MultiServerMCPClient({
      mcpServers: { tgmcp: { transport: 'stdio', command: COMMAND, args: ARGS, stderr: 'ignore' } },
    });
    try {
      const tools = await client.getTools();
      const tool = tools.find((t) => t.name.endsWith('tg_get_messages'));
      expect(tool).toBeDefined();
      const message: unknown = await tool!.invoke({
        type: 'tool_call',
        id: 'call-1',
        name: tool!.name,
        args: GET_MESSAGES,
      });
      expect(message).toBeInstanceOf(ToolMessage);
      // A ToolMessage's content is what the chat model receives; its artifact is not sent.
      expect(missingTexts(JSON.stringify((message as ToolMessage).content), texts)).toEqual([]);
    } finally {
      await client.close();
    }
  }, 60_000);
});

function inspectorTarget(): string[] {
  return [COMMAND, ...ARGS];
}

/** A model that calls tg_get_messages once, then answers "done"; it records every request. */
class ScriptedModel implements Model {
  readonly requests: ModelRequest[] = [];

  async getResponse(request: ModelRequest): Promise<ModelResponse> {
    this.requests.push(request);
    const usage = new Usage();
    if (this.requests.length === 1)
      return {
        usage,
        output: [
          {
            type: 'function_call',
            callId: 'call-1',
            name: 'tg_get_messages',
            arguments: JSON.stringify(GET_MESSAGES),
            status: 'completed',
          },
        ],
      };
    return {
      usage,
      output: [
        {
          type: 'message',
          role: 'assistant',
          status: 'completed',
          content: [{ type: 'output_text', text: 'done' }],
        },
      ],
    };
  }

  // eslint-disable-next-line require-yield
  async *getStreamedResponse(): AsyncIterable<never> {
    throw new Error('not used: the runner is not streaming');
  }
}
