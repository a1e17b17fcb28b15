// The read tools, one file each, in the order tools/list shows them. The read server offers all
// of them; the actions server the shared subset (spec section 5), without tg_use_session: its
// pins, quotas and approvals belong to the account it started with.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerRuntime } from '../runtime/server-runtime.js';
import { registerAuthStatusTool } from './auth-status.js';
import { registerDownloadMediaTool } from './download-media.js';
import { registerGetGroupCreationDateTool } from './get-group-creation-date.js';
import { registerGetGroupInfoTool } from './get-group-info.js';
import { registerGetMessageCountTool } from './get-message-count.js';
import { registerGetMessagesTool } from './get-messages.js';
import { registerGetMyDialogsTool } from './get-my-dialogs.js';
import { registerGetParticipantsTool } from './get-participants.js';
import { registerGetStatsTool } from './get-stats.js';
import { registerGetUserByIdTool } from './get-user-by-id.js';
import { registerListSessionsTool } from './list-sessions.js';
import { registerResolveUsernameTool } from './resolve-username.js';
import { registerSearchParticipantsTool } from './search-participants.js';
import { registerUseSessionTool } from './use-session.js';

export type RegisterTool<R = ServerRuntime> = (server: McpServer, runtime: R) => void;

/** Every read tool of the seed, for the read server. */
export const READ_TOOLS: readonly RegisterTool[] = [
  registerListSessionsTool,
  registerUseSessionTool,
  registerGetGroupInfoTool,
  registerGetParticipantsTool,
  registerSearchParticipantsTool,
  registerGetMessagesTool,
  registerGetMessageCountTool,
  registerGetGroupCreationDateTool,
  registerGetMyDialogsTool,
  registerResolveUsernameTool,
  registerGetUserByIdTool,
  registerDownloadMediaTool,
  registerGetStatsTool,
  registerAuthStatusTool,
];

/** The read tools the actions server offers too (no session switch). */
export const SHARED_TOOLS: readonly RegisterTool[] = [
  registerListSessionsTool,
  registerGetGroupInfoTool,
  registerGetMyDialogsTool,
  registerResolveUsernameTool,
  registerGetStatsTool,
  registerAuthStatusTool,
];

export function registerTools<R>(
  server: McpServer,
  runtime: R,
  tools: readonly RegisterTool<R>[],
): void {
  for (const register of tools) register(server, runtime);
}
