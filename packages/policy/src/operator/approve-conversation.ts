// The approval promise at the terminal: a person decides only after seeing the full stored
// payload. Looks up the request or batch, shows its whole screen, then asks, then decides.
import { inert } from '../display/inert.js';
import { approvalScreen, batchScreen } from '../display/approval-screen.js';
import type { OperatorDesk } from './operator-desk.js';
import type { OperatorTerminal } from './operator-terminal.js';

export type ApproveOutcome =
  'approved' | 'rejected' | 'no_request' | 'no_batch' | 'not_pending' | 'not_a_terminal';

const when = (ms: number) => new Date(ms).toISOString();

/** Request ids start `apr_`; anything else is taken as a batch id. */
export async function approveConversation(
  desk: OperatorDesk,
  id: string,
  approver: string,
  io: OperatorTerminal,
): Promise<ApproveOutcome> {
  if (!id.startsWith('apr_')) return approveBatchConversation(desk, id, approver, io);
  const view = await desk.request(id);
  if (!view) return 'no_request';
  await io.page(approvalScreen(view));
  if (view.status !== 'pending') {
    io.error(`It is ${view.status}; nothing to decide.`);
    return 'not_pending';
  }
  const yes = await io.ask('Send exactly this? [y/N] ');
  if (yes === undefined) return 'not_a_terminal';
  const decided = await desk.decide(id, yes, approver);
  if (decided.status !== 'approved') {
    io.error('Rejected. Nothing will be sent.');
    return 'rejected';
  }
  io.error(
    `Approved. The agent may now execute it with request_id=${id} (until ${when(decided.expiresAt)}).`,
  );
  return 'approved';
}

/** A batch: the whole preview (user and every group), approved as reviewed (its hash). */
async function approveBatchConversation(
  desk: OperatorDesk,
  id: string,
  approver: string,
  io: OperatorTerminal,
): Promise<ApproveOutcome> {
  const found = await desk.batch(id);
  if (!found) return 'no_batch';
  const { view } = found;
  await io.page(batchScreen(view));
  const yes = await io.ask(
    `Add ${inert(view.user.title ?? view.user.id)} to these ${view.total} group(s)? [y/N] `,
  );
  if (yes === undefined) return 'not_a_terminal';
  if (!yes) {
    io.error('Not approved. Nothing will be added.');
    return 'rejected';
  }
  await desk.approveBatch(found, approver);
  io.error('Approved. The agent may now run it with tg_run_add_member_batch.');
  return 'approved';
}
