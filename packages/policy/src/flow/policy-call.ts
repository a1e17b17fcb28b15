// The contract of tg_get_actions_policy's call: the policy in force as an agent may see it
// (never the confirmation phrase), how a person approves here, and the line a client shows.
import { z } from 'zod';
import type { ActionsPolicy, ApprovalMode } from '../config/actions-policy.js';
import { describePolicy } from '../config/describe.js';
import { approvalHelp } from './channel.js';

export const policyOutput = {
  policy: z.record(z.string(), z.unknown()),
  approval_mode: z.string(),
  how_to_approve: z.string(),
};

/** The result for the active approval `mode`, and its one-line summary. */
export function policyResultOf(
  policy: ActionsPolicy,
  mode: ApprovalMode,
  approveCommand?: string,
): { result: z.infer<z.ZodObject<typeof policyOutput>>; summary: string } {
  return {
    result: {
      policy: { ...describePolicy(policy) },
      approval_mode: mode,
      how_to_approve: approvalHelp(mode, approveCommand),
    },
    summary: policy.writesAllowed
      ? `Writes enabled; approval mode ${mode}`
      : (policy.writesOffReason ?? 'writes are off'),
  };
}
