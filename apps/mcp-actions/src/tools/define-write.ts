// Registers a write tool: write annotations, the write call's parameters and output (policy's
// contract), the approval instructions of the active mode in its description, and the call
// through the executor's approved-write flow. A tool only says what it writes (a WriteSpec).
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ToolError, defineTool } from '@tgmcp/mcp';
import {
  type WriteSpec,
  writeAnnotations,
  writeCallOf,
  writeDescription,
  writeOutput,
  writeParams,
  writeResultOf,
} from '@tgmcp/policy';
import type { z } from 'zod';
import type { ActionsRuntime } from '../actions-runtime.js';

export function defineWriteTool<I extends z.ZodRawShape>(
  mcp: McpServer,
  runtime: ActionsRuntime,
  spec: {
    name: string;
    title: string;
    description: string;
    input: I;
    destructive: boolean;
    write(args: z.infer<z.ZodObject<I & typeof writeParams>>): Promise<WriteSpec<unknown>>;
  },
): void {
  defineTool<I & typeof writeParams, typeof writeOutput>(mcp, runtime.server, {
    name: spec.name,
    title: spec.title,
    description: writeDescription(
      spec.description,
      runtime.policy.approvalMode,
      runtime.approveCommand,
    ),
    input: { ...spec.input, ...writeParams },
    output: writeOutput,
    annotations: writeAnnotations(spec.destructive),
    async run(args, extra) {
      const write = await spec.write(args);
      const { executor, tg } = await runtime.parts(mcp);
      const outcome = await executor.write(writeCallOf(args, tg.account.id), write, {
        signal: extra.signal,
        // The call already answered TIMEOUT: a write must not go out after that.
        beforeWrite: () => {
          if (runtime.server.callExpired())
            throw new ToolError(
              'DEADLINE_PASSED',
              'the call deadline (TG_CALL_TIMEOUT_SEC) passed before the write was sent; nothing was sent',
            );
        },
      });
      return writeResultOf(outcome);
    },
  });
}
