// The seed's approval mode, kept for existing setups: a dry run sends a one-time code to the
// operator's channel (never the model); executing needs that code and the confirmation phrase.
// A batch gets its own code, bound to the user, the batch id and its exact preview.
import { payloadHash } from '../hash/payload-hash.js';
import { GateRefusal } from '../errors.js';
import { inert } from '../display/inert.js';
import { type ApprovalChannel, DEFAULT_APPROVE_COMMAND, approvalHelp } from './channel.js';

export function seedCodeChannel(options: {
  deliverCode: (code: string, about: string) => void;
  approveCommand?: string;
}): ApprovalChannel {
  const command = options.approveCommand ?? DEFAULT_APPROVE_COMMAND;
  return {
    mode: 'seed',
    help: approvalHelp('seed'),
    reference: (given) => (given.approvalCode ? { code: given.approvalCode } : undefined),
    // No code: the gates refuse (the dry run is what sends one).
    unapproved: () => Promise.resolve({ kind: 'gates' }),
    deliverCode: options.deliverCode,

    batchNextStep: () =>
      "Call tg_approve_batch: a one-time code goes to the operator's terminal; call it again with the approval_code and confirmation_text the person gives you; then tg_run_add_member_batch.",

    // A phrase the model may have seen is not a person's approval: the batch needs a one-time
    // code that only the operator's terminal showed, bound to this preview.
    async approveBatch({
      batch: view,
      account,
      approvalCode,
      confirmationText,
      approvals,
      confirmation,
    }) {
      const request = {
        account,
        action: 'add_member_batch',
        // Bound to the user the batch adds, its id and its exact preview (the group list).
        target: { id: view.user.id, type: 'user', title: view.user.title ?? null },
        payload: { batch_id: view.id, preview_hash: view.previewHash, groups: view.total },
      };
      if (!approvalCode.trim()) {
        const ticket = await approvals.request({
          ...request,
          summary: `add ${view.user.title ?? view.user.id} [id ${view.user.id}] to ${view.total} group(s)`,
        });
        await approvals.issueCode(ticket.requestId, (code) =>
          options.deliverCode(
            code,
            `add_member_batch: add ${inert(view.user.title ?? '(no name)')} [id ${view.user.id}] to ${view.total} group(s), batch ${view.id}, preview ${view.previewHash.slice(0, 16)} (review it with \`${command} ${view.id}\`)`,
          ),
        );
        return {
          waiting:
            "A one-time code went to the operator's terminal. If the person approves this batch, they give you the code and the confirmation phrase: call tg_approve_batch again with approval_code and confirmation_text.",
        };
      }
      if (confirmation.required && confirmation.check(confirmationText) !== 'ok')
        throw new GateRefusal(
          'CONFIRMATION_TEXT_INVALID',
          'confirmation_text does not match the phrase the operator configured; ask the person for it',
          { field: 'confirmation_text' },
        );
      const binding = {
        account,
        action: request.action,
        targetId: view.user.id,
        payloadHash: payloadHash({ ...request, target: view.user.id }),
      };
      const code = { code: approvalCode };
      await approvals.claim(code, binding);
      await approvals.consume(code, binding);
      return { approvedBy: 'person (one-time code)' };
    },
  };
}
