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
  type OperatorDesk,
  type OperatorTerminal,
  approveConversation,
  createOperatorDesk,
  loadActionsPolicy,
  forgetPin,
  showAudit,
  showPending,
  showPins,
  showPolicy,
  stateStoreFor,
} from '@tgmcp/policy';
import { demoEnv } from './demo-env.js';

type Env = Record<string, string | undefined>;
/** What a command works with: its options, settings, terminal and (opened on demand) desk. */
interface Context {
  values: Values;
  env: Env;
  io: OperatorTerminal;
  openDesk: (policy: ActionsPolicy) => Promise<OperatorDesk>;
}
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
  const openDesk: Context['openDesk'] = async (policy) => {
    shared ??= await sharedStateFromEnv(env, policy.dataDir);
    return createOperatorDesk({ policy, state: await stateStoreFor(policy, shared.redis) });
  };
  const cx: Context = { values, env, io: terminal(values), openDesk };
  try {
    if (command === 'approve') return await approveCommand(positionals[0], cx);
    if (command === 'audit') return await auditCommand(cx);
    if (command === 'unpin') return await unpinCommand(positionals[0], cx);
    if (command === 'policy') showPolicy(loadActionsPolicy(env), cx.io);
    else {
      const desk = await openDesk(loadActionsPolicy(env));
      if (command === 'pending') await showPending(desk, cx.io, values.json);
      else await showPins(desk, cx.io, { ...values, unpinCommand: 'tgmcp-actions unpin' });
    }
    return 0;
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

const operator = () => `operator ${userInfo().username}`;

/** The process's terminal: output on stdout, paging and questions as @tgmcp/mcp does them. */
const terminal = (values: Values): OperatorTerminal => ({
  print: (text) => void process.stdout.write(text),
  page: pageOnTerminal,
  ask: (question) => confirmOnTerminal(question, values),
  error: (line) => void process.stderr.write(`${line}\n`),
});

async function approveCommand(id: string | undefined, cx: Context): Promise<number> {
  const { values } = cx;
  const demo = values.demo ? ' --demo' : '';
  if (!id) {
    process.stderr.write(
      `tgmcp-actions approve: give the request id (see \`tgmcp-actions pending${demo}\`)\n`,
    );
    return 2;
  }
  const policy = loadActionsPolicy(cx.env);
  const outcome = await approveConversation(await cx.openDesk(policy), id, operator(), cx.io);
  if (outcome === 'no_batch')
    process.stderr.write(`tgmcp-actions approve: no approval request or batch ${id}\n`);
  if (outcome === 'no_request')
    process.stderr.write(
      `tgmcp-actions approve: no approval request ${id} in ${policy.stateDir}` +
        (values.demo
          ? '\n'
          : ` (a request made by the demo server: \`tgmcp-actions approve --demo ${id}\`; another server: the same TG_DATA_DIR as it)\n`),
    );
  if (outcome === 'not_a_terminal') {
    process.stderr.write('Not a terminal: pass --yes to approve or --reject to refuse.\n');
    return 2;
  }
  return outcome === 'approved' || outcome === 'rejected' ? 0 : 1;
}

async function auditCommand({ values, env, io }: Context): Promise<number> {
  const limit = values.limit ? Number(values.limit) : 50;
  if (!Number.isInteger(limit) || limit < 1) {
    process.stderr.write('tgmcp-actions audit: --limit must be a whole number >= 1\n');
    return 2;
  }
  await showAudit(loadActionsPolicy(env), io, { limit, json: values.json });
  return 0;
}

async function unpinCommand(entry: string | undefined, cx: Context): Promise<number> {
  if (!entry) {
    process.stderr.write(
      'tgmcp-actions unpin: give the allowlist entry (see `tgmcp-actions pins`)\n',
    );
    return 2;
  }
  const desk = await cx.openDesk(loadActionsPolicy(cx.env));
  if (await forgetPin(desk, entry, operator(), cx.io)) return 0;
  process.stderr.write(`tgmcp-actions unpin: no pin for ${entry}\n`);
  return 1;
}
