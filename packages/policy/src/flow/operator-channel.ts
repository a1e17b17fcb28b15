// Approval by an operator: a dry run (or an execute without approval) returns a request id; a
// person approves it out of band (`tgmcp-actions approve <id>`); the model then executes with it.
import { ApprovalError } from '../errors.js';
import { type ApprovalChannel, DEFAULT_APPROVE_COMMAND, approvalHelp } from './channel.js';

export function operatorChannel(options: { approveCommand?: string } = {}): ApprovalChannel {
  const command = options.approveCommand ?? DEFAULT_APPROVE_COMMAND;
  return {
    mode: 'operator',
    help: approvalHelp('operator', command),
    // The seed's approval_code parameter may carry the request id too.
    reference: (given) =>
      given.requestId ?? (given.approvalCode.startsWith('apr_') ? given.approvalCode : undefined),

    async unapproved(write) {
      const p = await write.preview();
      return {
        kind: 'preview',
        preview: p,
        nextStep: `Nothing was sent: a person must approve first with \`${command} ${p.requestId}\`; then call again with request_id=${p.requestId}, dry_run=false, confirm=true.`,
      };
    },

    batchNextStep: (batchId) =>
      `A person reviews and approves it with \`${command} ${batchId}\`; then call tg_run_add_member_batch.`,

    approveBatch({ batch }) {
      return Promise.reject(
        new ApprovalError(
          'APPROVAL_REQUIRED',
          `Only a person can approve: \`${command} ${batch.id}\``,
        ),
      );
    },
  };
}
