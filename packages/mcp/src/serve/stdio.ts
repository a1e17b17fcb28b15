// Serving an MCP server on stdio: stdout carries only the protocol, every log line goes to
// stderr. Runs until the client closes stdin or a signal arrives, then stops within 5 s.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { createLogger, logLevelFromEnv, registerEnvSecrets, setDefaultLogLevel } from '@tgmcp/core';
import type { ServerBin } from '../cli/context.js';
import { terminalHint } from '../cli/terminal-hint.js';
import { type StopStep, stopAndExit } from './stop.js';

export interface ServeStdioOptions {
  bin: ServerBin;
  server: McpServer;
  /** Shown after "ready on stdio" (e.g. ` (demo account)`). */
  readyNote?: string;
  /** Runs once the client can talk to the server (loading gramjs in the background). */
  onReady?: () => void;
  /** Run in order at shutdown, before the server itself closes. */
  before?: StopStep[];
  /** Run in order after the server closed (demo world, shared stores). */
  after?: StopStep[];
}

export async function serveStdio(o: ServeStdioOptions): Promise<never> {
  // TG_LOG_LEVEL for every logger of the process; the environment's secrets never printed.
  setDefaultLogLevel(logLevelFromEnv(process.env));
  registerEnvSecrets(process.env);
  const log = createLogger({ name: o.bin });
  const transport = new StdioServerTransport();
  await new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.on('end', () => resolve());
    // `on`, not `once`: signal-exit (via proper-lockfile) re-raises a signal when it sees no
    // other listener, which a fired `once` listener no longer is.
    process.on('SIGINT', () => resolve());
    process.on('SIGTERM', () => resolve());
    void o.server.connect(transport).then(() => {
      log.info(`ready on stdio${o.readyNote ?? ''}`);
      const hint = terminalHint(o.bin, { isTTY: !!process.stdin.isTTY });
      if (hint) log.print(hint);
      o.onReady?.();
    });
  });
  // Within 5 s whatever is in flight: the runtime cancels calls (downloads remove their partial
  // files) and disconnects, then the stores are closed and the process exits.
  return stopAndExit(o.bin, [
    ...(o.before ?? []),
    { name: 'server', run: () => o.server.close() },
    ...(o.after ?? []),
  ]);
}
