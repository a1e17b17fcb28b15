// The read tools the actions server offers too (spec section 5: shared with the read server).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerRuntime } from './server-runtime.js';
import { registerGetGroupInfoTool } from './tools/get-group-info.js';
import { registerGetMyDialogsTool } from './tools/get-my-dialogs.js';
import { registerResolveUsernameTool } from './tools/people.js';
import { registerListSessionsTool, registerUseSessionTool } from './tools/sessions.js';
import { registerAuthStatusTool, registerGetStatsTool } from './tools/status.js';

/**
 * `sessionSwitch: false` leaves out tg_use_session: a server whose parts are bound to one
 * account (the actions server's pins, quotas, approvals and write capability) must not switch.
 */
export function registerSharedTools(
  server: McpServer,
  runtime: ServerRuntime,
  options: { sessionSwitch?: boolean } = {},
): void {
  for (const register of [
    registerListSessionsTool,
    ...(options.sessionSwitch === false ? [] : [registerUseSessionTool]),
    registerGetGroupInfoTool,
    registerGetMyDialogsTool,
    registerResolveUsernameTool,
    registerGetStatsTool,
    registerAuthStatusTool,
  ])
    register(server, runtime);
}
