// The operator's side of approvals: `approve <id>` (shows the exact preview, asks y/N),
// `pending`, `audit`, `policy`, `pins`, `unpin`: the terminal around @tgmcp/policy's operator
// desk. Works on the state alone: no Telegram connection needed. With --demo, on the demo
// server's stable data dir and settings instead of the process's.
import { userInfo } from 'node:os';
import {
  type SharedState,
  checkDemoDir,
  confirmOnTerminal,
  pageOnTerminal,
  sharedStateFromEnv,
  stableDemoDir,
} from '@tgmcp/mcp';
import {
  type ActionsPolicy,
  type FoundBatch,
  type OperatorDesk,
  approvalScreen,
  batchScreen,
  createOperatorDesk,
  describePolicy,
  inert,
  inertJson,
  loadActionsPolicy,
  readAudit,
  stateStoreFor,
} from '@tgmcp/policy';
import { demoEnv } from './demo-env.js';
import { pinsCommand, unpinCommand } from './pins.js';

type Env = Record<string, string | undefined>;
export type OpenDesk = (policy: ActionsPolicy) => Promise<OperatorDesk>;
interface Values {
  yes?: boolean;
  reject?: boolean;
  demo?: boolean;
  json?: boolean;
  limit?: string;
}

export async function operatorCommand(
  command: 'approve' | 'pending' | 'audit' | 'policy' | 'pins' | 'unpin',
  positionals: string[],
  values: Values,
): Promise<number> {
  const env = values.demo ? demoOperatorEnv(command) : process.env;
  if (typeof env === 'number') return env;
  // The state (files, or Redis with TG_REDIS_URL) is opened by the commands that need it, and
  // its connection closed when the command ends (it would keep the process alive).
  let shared: SharedState | undefined;
  const openDesk: OpenDesk = async (policy) => {
    shared ??= await sharedStateFromEnv(env, policy.dataDir);
    return createOperatorDesk({ policy, state: await stateStoreFor(policy, shared.redis) });
  };
  try {
    if (command === 'approve') return await approveCommand(positionals[0], values, env, openDesk);
    if (command === 'pending') return await pendingCommand(values, env, openDesk);
    if (command === 'audit') return await auditCommand(values, env);
    if (command === 'pins') return await pinsCommand(values, env, openDesk);
    if (command === 'unpin') return await unpinCommand(positionals[0], env, openDesk);
    return policyCommand(env);
  } finally {
    await shared?.close();
  }
}

/**
 * The demo server's settings for `--demo` (its stable data dir), or an exit code when there is
 * nothing to work on yet. `policy --demo` needs no state.
 */
function demoOperatorEnv(command: string): Env | number {
  const dir = stableDemoDir('tgmcp-actions');
  if (checkDemoDir(dir, false) === 'missing' && command !== 'policy') {
    process.stderr.write(
      `tgmcp-actions ${command} --demo: no demo has run yet (${dir} does not exist); start the demo server from an MCP client (\`tgmcp-read config --profile full --demo\` prints the block)\n`,
    );
    return 1;
  }
  return { PATH: process.env.PATH, ...demoEnv(dir) };
}

export const operator = () => `operator ${userInfo().username}`;

const when = (ms: number) => new Date(ms).toISOString();

async function approveCommand(
  id: string | undefined,
  values: Values,
  env: Env,
  openDesk: OpenDesk,
): Promise<number> {
  const demo = values.demo ? ' --demo' : '';
  if (!id) {
    process.stderr.write(
      `tgmcp-actions approve: give the request id (see \`tgmcp-actions pending${demo}\`)\n`,
    );
    return 2;
  }
  const policy = loadActionsPolicy(env);
  const desk = await openDesk(policy);
  if (!id.startsWith('apr_')) return approveBatch(await desk.batch(id), id, values, desk);
  const view = await desk.request(id);
  if (!view) {
    process.stderr.write(
      `tgmcp-actions approve: no approval request ${id} in ${policy.stateDir}` +
        (values.demo
          ? '\n'
          : ` (a request made by the demo server: \`tgmcp-actions approve --demo ${id}\`; another server: the same TG_DATA_DIR as it)\n`),
    );
    return 1;
  }
  await pageOnTerminal(approvalScreen(view));
  if (view.status !== 'pending') {
    process.stderr.write(`It is ${view.status}; nothing to decide.\n`);
    return 1;
  }
  const yes = await confirmOnTerminal('Send exactly this? [y/N] ', values);
  if (yes === undefined) return notATerminal();
  const decided = await desk.decide(id, yes, operator());
  process.stderr.write(
    decided.status === 'approved'
      ? `Approved. The agent may now execute it with request_id=${id} (until ${when(decided.expiresAt)}).\n`
      : 'Rejected. Nothing will be sent.\n',
  );
  return 0;
}

function notATerminal(): number {
  process.stderr.write('Not a terminal: pass --yes to approve or --reject to refuse.\n');
  return 2;
}

/** A batch: the whole preview (user and every group), approved as reviewed (its hash). */
async function approveBatch(
  found: FoundBatch | undefined,
  id: string,
  values: Values,
  desk: OperatorDesk,
): Promise<number> {
  if (!found) {
    process.stderr.write(`tgmcp-actions approve: no approval request or batch ${id}\n`);
    return 1;
  }
  const { view } = found;
  await pageOnTerminal(batchScreen(view));
  const yes = await confirmOnTerminal(
    `Add ${inert(view.user.title ?? view.user.id)} to these ${view.total} group(s)? [y/N] `,
    values,
  );
  if (yes === undefined) return notATerminal();
  if (!yes) {
    process.stderr.write('Not approved. Nothing will be added.\n');
    return 0;
  }
  await desk.approveBatch(found, operator());
  process.stderr.write(`Approved. The agent may now run it with tg_run_add_member_batch.\n`);
  return 0;
}

async function pendingCommand(values: Values, env: Env, openDesk: OpenDesk): Promise<number> {
  const list = await (await openDesk(loadActionsPolicy(env))).pending();
  if (values.json) process.stdout.write(`${inertJson(list, 2)}\n`);
  else if (list.length === 0) process.stdout.write('No pending approval requests.\n');
  else for (const v of list) process.stdout.write(`${approvalScreen(v)}\n\n`);
  return 0;
}

async function auditCommand(values: Values, env: Env): Promise<number> {
  const policy = loadActionsPolicy(env);
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

function policyCommand(env: Env): number {
  const policy = loadActionsPolicy(env);
  process.stdout.write(`${JSON.stringify(describePolicy(policy), null, 2)}\n`);
  if (policy.writesOffReason) process.stderr.write(`${policy.writesOffReason}\n`);
  return 0;
}
