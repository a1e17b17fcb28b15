// A person's decision on an approval request, recorded in the audit trail: the one way the
// operator CLI and an elicitation approve or reject.
import type { AuditLog } from '../audit/audit-log.js';
import type { ApprovalStore } from './approval-store.js';
import type { ApprovalView } from './record.js';

export async function decideApproval(
  stores: { approvals: ApprovalStore; audit: AuditLog },
  requestId: string,
  approver: string,
  approve: boolean,
): Promise<ApprovalView> {
  const view = approve
    ? await stores.approvals.approve(requestId, approver)
    : await stores.approvals.reject(requestId, approver);
  await stores.audit.append({
    event: approve ? 'approved' : 'rejected',
    actor: approver,
    account: view.account,
    action: view.action,
    target: view.target,
    payload_hash: view.payloadHash,
    request_id: requestId,
  });
  return view;
}
