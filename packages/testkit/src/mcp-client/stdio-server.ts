// A server binary under test over stdio with the real MCP SDK client: its stderr kept, protocol
// errors recorded, elicitation answered on request, kill -9 and a clean close.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';

export interface StdioServerOptions {
  /** The script node runs (`dist/cli.js`) and its arguments. */
  script: string;
  args?: string[];
  /** Exactly the server's environment. */
  env: Record<string, string>;
  clientName?: string;
  /** Advertises elicitation and answers each request `{ approve: elicit(message) }`. */
  elicit?: (message: string) => boolean;
  /** Keep only the last this many characters of stderr (long runs); default all. */
  stderrLimit?: number;
  /** Called when the server exits before close(), with the kept stderr. */
  onUnexpectedExit?: (stderr: string) => void;
}

export interface StdioServer {
  client: Client;
  transport: StdioClientTransport;
  stderr: () => string;
  /** Errors the transport reported (a line on stdout that is not JSON-RPC, for one). */
  protocolErrors: Error[];
  /** kill -9 of the server process. */
  kill: () => void;
  close: () => Promise<void>;
}

export async function startStdioServer(o: StdioServerOptions): Promise<StdioServer> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [o.script, ...(o.args ?? [])],
    env: o.env,
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (o.stderrLimit !== undefined) stderr = stderr.slice(-o.stderrLimit);
  });
  const protocolErrors: Error[] = [];
  transport.onerror = (e) => protocolErrors.push(e);
  let closing = false;
  const onExit = o.onUnexpectedExit;
  if (onExit)
    transport.onclose = () => {
      if (!closing) onExit(stderr);
    };
  const client = new Client(
    { name: o.clientName ?? 'tgmcp-test', version: '1.0.0' },
    { capabilities: o.elicit ? { elicitation: {} } : {} },
  );
  const answer = o.elicit;
  if (answer)
    client.setRequestHandler(ElicitRequestSchema, (req) => ({
      action: 'accept',
      content: { approve: answer(req.params.message) },
    }));
  await client.connect(transport);
  return {
    client,
    transport,
    stderr: () => stderr,
    protocolErrors,
    kill: () => {
      if (transport.pid) process.kill(transport.pid, 'SIGKILL');
    },
    close: async () => {
      closing = true;
      await client.close();
    },
  };
}
