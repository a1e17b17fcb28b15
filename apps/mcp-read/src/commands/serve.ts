// The MCP server on stdio: stdout carries only the protocol, every log line goes to stderr.
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { assertOutsideDataDir, resolveCredentials } from '@tgmcp/telegram/config';
import { type ReadConfig, loadReadConfig } from '../config.js';
import { ServerRuntime } from '../server-runtime.js';
import { createReadServer } from '../server.js';
import { sharedStateFromEnv } from '../shared-state.js';
import { stopAndExit } from '../stop.js';
import { terminalHint } from './terminal-hint.js';
import { testConnectOverride } from './test-connect.js';

export async function serve(options: { demo: boolean }): Promise<number> {
  let runtime: ServerRuntime;
  let stopDemo = async () => {};
  let closeShared = async () => {};
  if (options.demo) {
    const { startDemo } = await import('./demo.js');
    const demo = await startDemo();
    runtime = demo.runtime;
    stopDemo = () => demo.stop();
  } else {
    const loaded = loadReadConfig(process.env);
    // Refuse to start rather than let a download land among the sessions or state.
    assertOutsideDataDir(loaded.dataDir, [{ variable: 'TG_MEDIA_DIR', dirs: [loaded.mediaDir] }]);
    const config = { ...(await resolveCredentials(loaded)) } as ReadConfig;
    for (const w of config.warnings) process.stderr.write(`[tgmcp-read] warning: ${w}\n`);
    if (!config.credentials)
      process.stderr.write(
        '[tgmcp-read] Telegram is not configured (TG_API_ID / TG_API_HASH): tools will say so; run `tgmcp-read --demo` to try it\n',
      );
    const shared = await sharedStateFromEnv(process.env, config.dataDir);
    closeShared = () => shared.close();
    runtime = new ServerRuntime({
      config,
      connect: await testConnectOverride(),
      store: shared.limitStore,
    });
  }
  const server = createReadServer(runtime);
  const transport = new StdioServerTransport();
  await new Promise<void>((resolve) => {
    transport.onclose = () => resolve();
    process.stdin.on('end', () => resolve());
    // `on`, not `once`: signal-exit (via proper-lockfile) re-raises a signal when it sees no
    // other listener, which a fired `once` listener no longer is.
    process.on('SIGINT', () => resolve());
    process.on('SIGTERM', () => resolve());
    void server.connect(transport).then(() => {
      process.stderr.write(`[tgmcp-read] ready on stdio${options.demo ? ' (demo account)' : ''}\n`);
      const hint = terminalHint('tgmcp-read', { isTTY: !!process.stdin.isTTY });
      if (hint) process.stderr.write(`${hint}\n`);
      runtime.warmUp();
    });
  });
  // Within 5 s whatever is in flight: the runtime cancels calls (downloads remove their partial
  // files) and disconnects, then the stores are closed and the process exits.
  return stopAndExit('tgmcp-read', [
    { name: 'runtime', run: () => runtime.close() },
    { name: 'server', run: () => server.close() },
    { name: 'demo', run: () => stopDemo() },
    { name: 'shared state', run: () => closeShared() },
  ]);
}
