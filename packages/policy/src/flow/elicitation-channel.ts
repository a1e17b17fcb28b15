// Approval by MCP elicitation: executing asks the person in their client, showing the approval
// screen built from the stored request (every string inert). The model never handles a code.
import { ApprovalError } from '../errors.js';
import { approvalScreen } from '../display/approval-screen.js';
import { inert } from '../display/inert.js';
import { type ApprovalChannel, type AskPerson, approvalHelp } from './channel.js';

const APPROVER = 'person (elicitation)';

export function elicitationChannel(options: { ask: AskPerson }): ApprovalChannel {
  const { ask } = options;
  return {
    mode: 'elicit',
    help: approvalHelp('elicit'),
    reference: (given) => given.requestId,

    async unapproved(write) {
      const p = await write.preview();
      if (!p.requestId)
        throw new ApprovalError('APPROVAL_UNAVAILABLE', 'no approval request could be made');
      const view = await write.request(p.requestId);
      if (!view) throw new ApprovalError('APPROVAL_UNAVAILABLE', 'the approval request vanished');
      const approved = await ask(
        {
          message: `Approve this Telegram write?\n\n${approvalScreen(view)}`,
          detail: 'Send it exactly as shown',
        },
        write.signal,
      );
      if (!approved) {
        await write.reject(p.requestId, APPROVER);
        throw new ApprovalError(
          'APPROVAL_DECLINED',
          'The person declined this write; nothing was sent.',
        );
      }
      await write.approve(p.requestId, APPROVER);
      return { kind: 'approved', requestId: p.requestId };
    },

    batchNextStep: () =>
      'Call tg_approve_batch: the person is shown the whole batch and asked; then tg_run_add_member_batch.',

    async approveBatch({ batch, signal }) {
      const approved = await ask(
        { message: `Approve this batch?\n\n${inert(batch.preview, { keepNewlines: true })}` },
        signal,
      );
      if (!approved)
        throw new ApprovalError(
          'APPROVAL_DECLINED',
          'The person declined this batch; nothing will be added.',
        );
      return { approvedBy: APPROVER };
    },
  };
}
