// The one line a server prints when someone starts it in a terminal: an MCP server waits silently
// for a client on stdin, which looks like a hang to a person who typed `npx tgmcp-read --demo`.

import type { ServerBin } from './context.js';

/** The line for stderr when stdin is a terminal (a person, not an MCP client), else undefined. */
export function terminalHint(bin: ServerBin, stdin: { isTTY: boolean }): string | undefined {
  if (!stdin.isTTY) return undefined;
  const profile = bin === 'tgmcp-actions' ? ' --profile full' : '';
  return (
    `[${bin}] This is an MCP server: it waits for an MCP client on stdin and does nothing in a terminal. ` +
    `Add it to a client with the block \`tgmcp-read config${profile}\` prints ` +
    `(\`tgmcp-read config${profile} --demo\` for the demo account); ` +
    'see the demo with `pnpm demo` in a clone of the repository. Ctrl-C stops it.'
  );
}
