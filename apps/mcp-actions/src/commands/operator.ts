// The operator's side of approvals: `approve <id>` (shows the exact preview, asks y/N),
// `pending`, `audit`, `policy`: the terminal around @tgmcp/policy's operator desk. Works on the
// state files alone: no Telegram connection needed. `env` is the process's, or the demo
// server's settings with --demo.
import { createInterface } from 'node:readline/promises';
import { userInfo } from 'node:os';
import {
  type ActionsPolicy,
  type FoundBatch,
  type OperatorDesk,
  type StateStore,
  approvalScreen,
  batchScreen,
  createOperatorDesk,
  describePolicy,
  fileStateStore,
  inert,
  inertJson,
  loadActionsPolicy,
  readAudit,
} from '@tgmcp/policy';
import { importOptional } from '@tgmcp/telegram';

type Env = Record<string, string | undefined>;

/** The policy's state: files under the data dir, or Redis when TG_REDIS_URL is set. */
export async function stateOf(policy: ActionsPolicy, env: Env = process.env): Promise<StateStore> {
  const url = env.TG_REDIS_URL?.trim();
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

/**
 * The demo server's settings for `--demo` (its stable data dir), or an exit code when there is
 * nothing to work on yet. `policy --demo` needs no state.
 */
export async function demoOperatorEnv(command: string): Promise<Env | number> {
  const { checkDemoDir, demoDataDir, demoEnv } = await import('./demo-dir.js');
  const dir = demoDataDir();
  if (checkDemoDir(dir, false) === 'missing' && command !== 'policy') {
    process.stderr.write(
      `tgmcp-actions ${command} --demo: no demo has run yet (${dir} does not exist); start the demo server from an MCP client (\`tgmcp-read config --profile full --demo\` prints the block)\n`,
    );
    return 1;
  }
  return { PATH: process.env.PATH, ...demoEnv(dir) };
}

/** The operator desk over this data dir's state. */
export async function deskOf(policy: ActionsPolicy, env: Env): Promise<OperatorDesk> {
  return createOperatorDesk({ policy, state: await stateOf(policy, env) });
}

const operator = () => `operator ${userInfo().username}`;

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
  values: { yes?: boolean; reject?: boolean; demo?: boolean },
  env: Env = process.env,
): Promise<number> {
  const id = positionals[0];
  const demo = values.demo ? ' --demo' : '';
  if (!id) {
    process.stderr.write(
      `tgmcp-actions approve: give the request id (see \`tgmcp-actions pending${demo}\`)\n`,
    );
    return 2;
  }
  const policy = loadActionsPolicy(env);
  const desk = await deskOf(policy, env);
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
  await page(approvalScreen(view));
  if (view.status !== 'pending') {
    process.stderr.write(`It is ${view.status}; nothing to decide.\n`);
    return 1;
  }
  const yes = await confirm('Send exactly this? [y/N] ', values);
  if (yes === undefined) return notATerminal();
  const decided = await desk.decide(id, yes, operator());
  process.stderr.write(
    decided.status === 'approved'
      ? `Approved. The agent may now execute it with request_id=${id} (until ${when(decided.expiresAt)}).\n`
      : 'Rejected. Nothing will be sent.\n',
  );
  return 0;
}

/** --reject, --yes, else the person's y/N on a terminal; undefined when there is none to ask. */
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

function notATerminal(): number {
  process.stderr.write('Not a terminal: pass --yes to approve or --reject to refuse.\n');
  return 2;
}

/** A batch: the whole preview (user and every group), approved as reviewed (its hash). */
async function approveBatch(
  found: FoundBatch | undefined,
  id: string,
  values: { yes?: boolean; reject?: boolean },
  desk: OperatorDesk,
): Promise<number> {
  if (!found) {
    process.stderr.write(`tgmcp-actions approve: no approval request or batch ${id}\n`);
    return 1;
  }
  const { view } = found;
  await page(batchScreen(view));
  const yes = await confirm(
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

export async function pendingCommand(
  values: { json?: boolean },
  env: Env = process.env,
): Promise<number> {
  const list = await (await deskOf(loadActionsPolicy(env), env)).pending();
  if (values.json) process.stdout.write(`${inertJson(list, 2)}\n`);
  else if (list.length === 0) process.stdout.write('No pending approval requests.\n');
  else for (const v of list) process.stdout.write(`${approvalScreen(v)}\n\n`);
  return 0;
}

export async function auditCommand(
  values: { limit?: string; json?: boolean },
  env: Env = process.env,
): Promise<number> {
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

export function policyCommand(env: Env = process.env): number {
  const policy = loadActionsPolicy(env);
  process.stdout.write(`${JSON.stringify(describePolicy(policy), null, 2)}\n`);
  if (policy.writesOffReason) process.stderr.write(`${policy.writesOffReason}\n`);
  return 0;
}
