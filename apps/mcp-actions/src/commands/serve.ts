// The actions MCP server on stdio (or on the demo account with --demo).
import {
  ServerRuntime,
  type StopStep,
  loadServerConfig,
  serveStdio,
  sharedStateFromEnv,
  testConnectOverride,
} from '@tgmcp/mcp';
import { loadActionsPolicy } from '@tgmcp/policy';
import type { RateLimitStore } from '@tgmcp/ratelimit';
import { assertOutsideDataDir, resolveCredentials } from '@tgmcp/telegram/config';
import { ActionsRuntime } from '../actions-runtime.js';
import { createActionsServer } from '../server.js';

const warn = (line: string) => process.stderr.write(`[tgmcp-actions] ${line}\n`);

export async function buildRuntime(
  env: Record<string, string | undefined>,
  overrides: {
    connect?: Awaited<ReturnType<typeof testConnectOverride>>;
    store?: RateLimitStore;
    approveCommand?: string;
  } = {},
): Promise<ActionsRuntime> {
  const loaded = loadServerConfig(env);
  const policy = loadActionsPolicy(env, { dataDir: loaded.dataDir });
  // Refuse to start rather than download into, send from, or import reports out of the data
  // dir's sessions, state or audit.
  assertOutsideDataDir(loaded.dataDir, [
    { variable: 'TG_MEDIA_DIR', dirs: [loaded.mediaDir] },
    { variable: 'TG_ACTIONS_FILE_ROOTS', dirs: policy.fileRoots },
    { variable: 'TG_ACTIONS_REPORT_DIR', dirs: [policy.reportDir] },
  ]);
  const config = await resolveCredentials(loaded, env);
  for (const w of [...config.warnings, ...policy.warnings]) warn(`warning: ${w}`);
  if (config.allowSessionSwitch)
    warn(
      'warning: TG_ALLOW_SESSION_SWITCH is ignored here: the actions server stays on the session it started with (approvals, pins and quotas belong to that account)',
    );
  if (!policy.writesAllowed) warn(policy.writesOffReason ?? 'writes are off');
  // Limiter, quotas and policy records: files under the data dir, or Redis (TG_REDIS_URL).
  const shared = overrides.store ? undefined : await sharedStateFromEnv(env, config.dataDir);
  const limitStore = overrides.store ?? shared!.limitStore;
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
    redis: shared?.redis,
    closeStores: shared ? () => shared.close() : undefined,
    approveCommand: overrides.approveCommand,
  });
}

export async function serve(options: { demo: boolean }): Promise<number> {
  let runtime: ActionsRuntime;
  const after: StopStep[] = [];
  if (options.demo) {
    const demo = await (await import('./demo.js')).startActionsDemo();
    runtime = demo.runtime;
    after.push({ name: 'demo', run: () => demo.stop() });
  } else {
    runtime = await buildRuntime(process.env);
  }
  // Within 5 s whatever is in flight: calls are cancelled, the client disconnects, the policy's
  // stores are closed, then the process exits.
  return serveStdio({
    bin: 'tgmcp-actions',
    server: createActionsServer(runtime),
    readyNote: options.demo ? ' (demo account)' : '',
    onReady: () => runtime.server.warmUp(),
    before: [{ name: 'runtime', run: () => runtime.close() }],
    after,
  });
}
