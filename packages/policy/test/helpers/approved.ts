// An approved send_message to the Club (-1001111), the request the cross-process races consume.
import type { ApprovalStore } from '../../src/index.js';

export async function approvedSend(approvals: ApprovalStore, text: string) {
  const ticket = await approvals.request({
    account: '1',
    action: 'send_message',
    target: { id: '-1001111', title: 'Club', type: 'supergroup' },
    payload: { text },
    summary: text,
  });
  await approvals.approve(ticket.requestId, 'anna');
  const binding = {
    account: '1',
    action: 'send_message',
    targetId: '-1001111',
    payloadHash: ticket.payloadHash,
  };
  return { ticket, binding };
}
