// tg_get_actions_policy: what the policy allows, without the confirmation phrase or any code.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { defineTool } from '@tgmcp/mcp';
import { policyOutput, policyResultOf } from '@tgmcp/policy';
import type { ActionsRuntime } from '../actions-runtime.js';

export function registerGetActionsPolicyTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineTool(mcp, runtime.server, {
    name: 'tg_get_actions_policy',
    title: 'Write policy',
    description:
      'The write policy in force: enabled or not (and which flag disabled it), allowlist, approval mode, quotas, limits. Never shows the confirmation phrase.',
    input: {},
    output: policyOutput,
    run: () =>
      Promise.resolve(
        policyResultOf(runtime.policy, runtime.approvalMode(mcp), runtime.approveCommand),
      ),
  });
}
