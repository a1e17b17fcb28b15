// The read tools the actions server offers too (spec section 5: shared with the read server).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerRuntime } from './server-runtime.js';
import { registerGetGroupInfoTool } from './tools/get-group-info.js';
import { registerGetMyDialogsTool } from './tools/get-my-dialogs.js';
import { registerResolveUsernameTool } from './tools/people.js';
import { registerListSessionsTool, registerUseSessionTool } from './tools/sessions.js';
import { registerAuthStatusTool, registerGetStatsTool } from './tools/status.js';

export function registerSharedTools(server: McpServer, runtime: ServerRuntime): void {
  for (const register of [
    registerListSessionsTool,
    registerUseSessionTool,
    registerGetGroupInfoTool,
    registerGetMyDialogsTool,
    registerResolveUsernameTool,
    registerGetStatsTool,
    registerAuthStatusTool,
  ])
    register(server, runtime);
}
