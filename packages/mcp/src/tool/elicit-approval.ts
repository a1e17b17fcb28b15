// Asking the client's user a yes/no question by MCP elicitation: an approval switch with the
// question as its message. The call's deadline stops while the person decides (humanWait).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';

/** Whether the connected client can ask its user (it declared the elicitation capability). */
export function clientCanElicit(mcp: McpServer): boolean {
  return !!mcp.server.getClientCapabilities()?.elicitation;
}

/**
 * An `ask` that resolves true only for an explicit approval: the person accepted and switched
 * `approve` on. `detail` describes the switch.
 */
export function askPersonByElicitation(
  mcp: McpServer,
  runtime: { humanWait<T>(fn: () => Promise<T>): Promise<T> },
): (question: { message: string; detail?: string }, signal?: AbortSignal) => Promise<boolean> {
  return ({ message, detail }, signal) =>
    runtime.humanWait(async () => {
      const answer = await mcp.server.elicitInput(
        {
          message,
          requestedSchema: {
            type: 'object',
            properties: {
              approve: {
                type: 'boolean',
                title: 'Approve',
                ...(detail ? { description: detail } : {}),
              },
            },
            required: ['approve'],
          },
        },
        { signal },
      );
      return answer.action === 'accept' && answer.content?.approve === true;
    });
}
