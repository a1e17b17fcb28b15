// The actions MCP server on stdio (or on the demo account with --demo).
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { loadActionsPolicy } from '@tgmcp/policy';
import {
  type ReadConfig,
  ServerRuntime,
  loadReadConfig,
  sharedStateFromEnv,
  stopAndExit,
  terminalHint,
  testConnectOverride,
} from '@tgmcp/read';
import type { RateLimitStore } from '@tgmcp/ratelimit';
import { assertOutsideDataDir, resolveCredentials } from '@tgmcp/telegram/config';
import { ActionsRuntime } from '../actions-runtime.js';
import { createActionsServer } from '../server.js';

export async function buildRuntime(
  env: Record<string, string | undefined>,
  overrides: {
    connect?: Awaited<ReturnType<typeof testConnectOverride>>;
    store?: RateLimitStore;
    approveCommand?: string;
  } = {},
) {
  const loaded = loadReadConfig(env);
  const policy = loadActionsPolicy(env, { dataDir: loaded.dataDir });
  // Refuse to start rather than download into, send from, or import reports out of the data
  // dir's sessions, state or audit.
  assertOutsideDataDir(loaded.dataDir, [
    { variable: 'TG_MEDIA_DIR', dirs: [loaded.mediaDir] },
    { variable: 'TG_ACTIONS_FILE_ROOTS', dirs: policy.fileRoots },
    { variable: 'TG_ACTIONS_REPORT_DIR', dirs: [policy.reportDir] },
  ]);
  const config = (await resolveCredentials(loaded, env)) as ReadConfig;
  for (const w of config.warnings) process.stderr.write(`[tgmcp-actions] warning: ${w}\n`);
  for (const w of policy.warnings) process.stderr.write(`[tgmcp-actions] warning: ${w}\n`);
  if (config.allowSessionSwitch)
    process.stderr.write(
      '[tgmcp-actions] warning: TG_ALLOW_SESSION_SWITCH is ignored here: the actions server stays on the session it started with (approvals, pins and quotas belong to that account)\n',
    );
  if (!policy.writesAllowed)
    process.stderr.write(`[tgmcp-actions] ${policy.writesOffReason ?? 'writes are off'}\n`);
  // Limiter, quotas and policy records: files under the data dir, or Redis (TG_REDIS_URL).
  const shared = overrides.store ? undefined : await sharedStateFromEnv(env, config.dataDir);
  const limitStore = overrides.store ?? shared!.limitStore;
  const stateStore = shared?.redis
    ? (await import('@tgmcp/policy/redis')).redisStateStore({ client: shared.redis })
    : undefined;
  const server = new ServerRuntime({
    config,
    role: 'actions',
    name: 'tgmcp-actions',
    connect: overrides.connect ?? (await testConnectOverride(env)),
    store: limitStore,
    openOptions: { fileRoots: policy.fileRoots, maxUploadMb: policy.maxFileMb },
  });
  return new ActionsRuntime({
    server,
    policy,
    quotaStore: limitStore,
    stateStore,
    closeStores: shared ? () => shared.close() : undefined,
    approveCommand: overrides.approveCommand,
  });
}

export async function serve(options: { demo: boolean }): Promise<number> {
  let runtime: ActionsRuntime;
  let stop = async () => {};
  if (options.demo) {
    const { startActionsDemo } = await import('./demo.js');
    const demo = await startActionsDemo();
    runtime = demo.runtime;
    stop = () => demo.stop();
  } else {
    runtime = await buildRuntime(process.env);
  }
  const mcp = createActionsServer(runtime);
  const transport = new StdioServerTransport();
  await new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.on('end', () => resolve());
    // `on`, not `once`: signal-exit (via proper-lockfile) re-raises a signal when it sees no
    // other listener, which a fired `once` listener no longer is.
    process.on('SIGINT', () => resolve());
    process.on('SIGTERM', () => resolve());
    void mcp.connect(transport).then(() => {
      process.stderr.write(
        `[tgmcp-actions] ready on stdio${options.demo ? ' (demo account)' : ''}\n`,
      );
      const hint = terminalHint('tgmcp-actions', { isTTY: !!process.stdin.isTTY });
      if (hint) process.stderr.write(`${hint}\n`);
      runtime.server.warmUp();
    });
  });
  // Within 5 s whatever is in flight: calls are cancelled, the client disconnects, the policy's
  // stores are closed, then the process exits.
  return stopAndExit('tgmcp-actions', [
    { name: 'runtime', run: () => runtime.close() },
    { name: 'server', run: () => mcp.close() },
    { name: 'demo', run: () => stop() },
  ]);
}
