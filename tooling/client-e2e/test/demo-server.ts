// The server every client library starts: the built `tgmcp-read --demo` over stdio, and the
// message texts it returns, read with the MCP SDK's own Client as the reference.
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';

export const READ_CLI = fileURLToPath(
  new URL('../../../apps/mcp-read/dist/cli.js', import.meta.url),
);
export const COMMAND = process.execPath;
export const ARGS = [READ_CLI, '--demo'];
/** The call every library makes: the three latest messages of a demo group. */
export const GET_MESSAGES = { group: '@oss_hackers', limit: 3 } as const;

/** The texts of the messages tg_get_messages returns for GET_MESSAGES, from structuredContent. */
export async function referenceTexts(): Promise<string[]> {
  const client = new Client({ name: 'client-e2e-reference', version: '1.0.0' });
  await client.connect(
    new StdioClientTransport({ command: COMMAND, args: ARGS, stderr: 'ignore' }),
  );
  try {
    const result = await client.callTool({ name: 'tg_get_messages', arguments: GET_MESSAGES });
    const messages = (result.structuredContent as { messages: Array<{ text?: string }> }).messages;
    const texts = messages.map((m) => m.text ?? '').filter((t) => t.length > 0);
    if (texts.length === 0) throw new Error('the demo returned no message with text');
    return texts;
  } finally {
    await client.close();
  }
}

/** Texts the model cannot see in `seen` (raw, or as escaped inside serialized JSON). */
export function missingTexts(seen: string, texts: string[]): string[] {
  return texts.filter((t) => !seen.includes(t) && !seen.includes(JSON.stringify(t).slice(1, -1)));
}
