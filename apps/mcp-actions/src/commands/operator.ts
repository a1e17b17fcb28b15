// The operator's side of approvals: `approve <id>` (shows the exact preview, asks y/N),
// `pending`, `audit`, `policy`. Works on the state files alone: no Telegram connection needed.
import { createInterface } from 'node:readline/promises';
import { userInfo } from 'node:os';
import {
  type ActionsPolicy,
  approvalScreen,
  createApprovalStore,
  createAuditLog,
  createBatchStore,
  describePolicy,
  fileStateStore,
  inert,
  inertJson,
  loadActionsPolicy,
  readAudit,
  type StateStore,
} from '@tgmcp/policy';
import { importOptional } from '@tgmcp/telegram';

/** The policy's state: files under the data dir, or Redis when TG_REDIS_URL is set. */
export async function stateOf(policy: ActionsPolicy): Promise<StateStore> {
  const url = process.env.TG_REDIS_URL?.trim();
  if (!url) return fileStateStore({ dir: policy.stateDir });
  const { Redis } = await importOptional(
    'ioredis',
    'TG_REDIS_URL (Redis)',
    () => import('ioredis'),
  );
  const { redisStateStore } = await import('@tgmcp/policy/redis');
  const client = new Redis(url, { maxRetriesPerRequest: 2 });
  openClients.push(client);
  return redisStateStore({ client });
}

const openClients: Array<{ quit(): Promise<unknown>; disconnect(): void }> = [];

/** Closes the Redis connections a command opened (they would keep the process alive). */
export async function closeState(): Promise<void> {
  for (const c of openClients.splice(0)) await c.quit().catch(() => c.disconnect());
}

async function stores(policy: ActionsPolicy) {
  const state = await stateOf(policy);
  return {
    approvals: createApprovalStore({
      store: state,
      ttlSec: policy.approvalTtlSec,
      minAgeSec: policy.approvalMinAgeSec,
    }),
    audit: createAuditLog({ file: policy.auditFile }),
  };
}

const when = (ms: number) => new Date(ms).toISOString();

/**
 * Prints a screen; on a terminal a long one is shown a page at a time (Enter for the next), so
 * the question that follows is asked only after the person has been shown all of it.
 */
async function page(screen: string): Promise<void> {
  const rows = process.stdout.rows ?? 0;
  const lines = screen.split('\n');
  if (!process.stdout.isTTY || !process.stdin.isTTY || rows < 8 || lines.length <= rows - 2) {
    process.stdout.write(`${screen}\n`);
    return;
  }
  const size = rows - 2;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  for (let i = 0; i < lines.length; i += size) {
    process.stdout.write(`${lines.slice(i, i + size).join('\n')}\n`);
    if (i + size < lines.length)
      await rl.question(
        `-- ${Math.min(i + size, lines.length)}/${lines.length} lines: Enter for more --`,
      );
  }
  rl.close();
}

export async function approveCommand(
  positionals: string[],
  values: { yes?: boolean; reject?: boolean },
): Promise<number> {
  const id = positionals[0];
  if (!id) {
    process.stderr.write(
      'tgmcp-actions approve: give the request id (see `tgmcp-actions pending`)\n',
    );
    return 2;
  }
  const policy = loadActionsPolicy(process.env);
  if (!id.startsWith('apr_')) return approveBatch(id, policy, values);
  const { approvals, audit } = await stores(policy);
  const view = await approvals.get(id);
  if (!view) {
    process.stderr.write(`tgmcp-actions approve: no approval request ${id}\n`);
    return 1;
  }
  await page(approvalScreen(view));
  if (view.status !== 'pending') {
    process.stderr.write(`It is ${view.status}; nothing to decide.\n`);
    return 1;
  }
  let yes = !!values.yes;
  if (!yes && !values.reject) {
    if (!process.stdin.isTTY) {
      process.stderr.write('Not a terminal: pass --yes to approve or --reject to refuse.\n');
      return 2;
    }
    const rl = createInterface({ input: process.stdin, output: process.stderr });
    yes = /^y(es)?$/i.test((await rl.question('Send exactly this? [y/N] ')).trim());
    rl.close();
  }
  const approver = `operator ${userInfo().username}`;
  const decided =
    yes && !values.reject
      ? await approvals.approve(id, approver)
      : await approvals.reject(id, approver);
  await audit.append({
    event: decided.status === 'approved' ? 'approved' : 'rejected',
    actor: approver,
    account: decided.account,
    action: decided.action,
    target: decided.target,
    payload_hash: decided.payloadHash,
    request_id: id,
  });
  process.stderr.write(
    decided.status === 'approved'
      ? `Approved. The agent may now execute it with request_id=${id} (until ${when(decided.expiresAt)}).\n`
      : 'Rejected. Nothing will be sent.\n',
  );
  return 0;
}

async function confirm(
  question: string,
  values: { yes?: boolean; reject?: boolean },
): Promise<boolean | undefined> {
  if (values.reject) return false;
  if (values.yes) return true;
  if (!process.stdin.isTTY) return undefined;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = /^y(es)?$/i.test((await rl.question(question)).trim());
  rl.close();
  return answer;
}

/** A batch: the whole preview (user and every group), approved as reviewed (its hash). */
async function approveBatch(
  id: string,
  policy: ActionsPolicy,
  values: { yes?: boolean; reject?: boolean },
): Promise<number> {
  const state = await stateOf(policy);
  const raw = await state.get<{ account?: string }>(`batch:${id}`);
  if (!raw?.account) {
    process.stderr.write(`tgmcp-actions approve: no approval request or batch ${id}\n`);
    return 1;
  }
  const batches = createBatchStore({ store: state, policy });
  const view = await batches.status(id, raw.account);
  await page(
    `batch     ${inert(view.id)} (${view.status})\n${inert(view.preview, { keepNewlines: true })}`,
  );
  const yes = await confirm(
    `Add ${inert(view.user.title ?? view.user.id)} to these ${view.total} group(s)? [y/N] `,
    values,
  );
  if (yes === undefined) {
    process.stderr.write('Not a terminal: pass --yes to approve or --reject to refuse.\n');
    return 2;
  }
  if (!yes) {
    process.stderr.write('Not approved. Nothing will be added.\n');
    return 0;
  }
  await batches.approve({
    batchId: id,
    account: raw.account,
    previewHash: view.previewHash,
    approvedBy: `operator ${userInfo().username}`,
  });
  await createAuditLog({ file: policy.auditFile }).append({
    event: 'approved',
    actor: `operator ${userInfo().username}`,
    account: raw.account,
    action: 'add_member_batch',
    request_id: id,
  });
  process.stderr.write(`Approved. The agent may now run it with tg_run_add_member_batch.\n`);
  return 0;
}

export async function pendingCommand(values: { json?: boolean }): Promise<number> {
  const { approvals } = await stores(loadActionsPolicy(process.env));
  const list = await approvals.pending();
  if (values.json) process.stdout.write(`${inertJson(list, 2)}\n`);
  else if (list.length === 0) process.stdout.write('No pending approval requests.\n');
  else for (const v of list) process.stdout.write(`${approvalScreen(v)}\n\n`);
  return 0;
}

export async function auditCommand(values: { limit?: string; json?: boolean }): Promise<number> {
  const policy = loadActionsPolicy(process.env);
  const limit = values.limit ? Number(values.limit) : 50;
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write('tgmcp-actions audit: --limit must be a whole number >= 1\n');
    return 2;
  }
  const events = await readAudit({ file: policy.auditFile, limit });
  for (const e of events) process.stdout.write(`${inertJson(e)}\n`);
  if (events.length === 0 && !values.json)
    process.stderr.write(`No audit events in ${policy.auditFile}\n`);
  return 0;
}

export function policyCommand(): number {
  const policy = loadActionsPolicy(process.env);
  process.stdout.write(`${JSON.stringify(describePolicy(policy), null, 2)}\n`);
  if (!policy.writesAllowed)
    process.stderr.write(
      `Writes are disabled: ${policy.disabledReason ?? 'set TG_ACTIONS_ENABLED=1'}\n`,
    );
  return 0;
}
