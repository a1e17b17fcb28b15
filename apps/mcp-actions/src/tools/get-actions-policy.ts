// tg_get_actions_policy: what the policy allows, without the confirmation phrase or any code.
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { approvalHelp, describePolicy } from '@tgmcp/policy';
import { defineTool } from '@tgmcp/mcp';
import { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';

export function registerGetActionsPolicyTool(mcp: McpServer, runtime: ActionsRuntime): void {
  defineTool(mcp, runtime.server, {
    name: 'tg_get_actions_policy',
    title: 'Write policy',
    description:
      'The write policy in force: enabled or not (and which flag disabled it), allowlist, approval mode, quotas, limits. Never shows the confirmation phrase.',
    input: {},
    output: {
      policy: z.record(z.string(), z.unknown()),
      approval_mode: z.string(),
      how_to_approve: z.string(),
    },
    run() {
      const mode = runtime.approvalMode(mcp);
      return Promise.resolve({
        result: {
          policy: { ...describePolicy(runtime.policy) },
          approval_mode: mode,
          how_to_approve: approvalHelp(mode, runtime.approveCommand),
        },
        summary: runtime.policy.writesAllowed
          ? `Writes enabled; approval mode ${mode}`
          : (runtime.policy.writesOffReason ?? 'writes are off'),
      });
    },
  });
}
