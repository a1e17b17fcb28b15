#!/usr/bin/env node
// tgmcp-read: the read-only MCP server and its commands. Only argument parsing happens here;
// each command is loaded on demand so `--version` and `--help` never load gramjs.
import { packageVersion, runCli } from '@tgmcp/mcp/cli';
import { HELP, commandHelp } from './help.js';
import { READ_OPTIONS } from './options.js';

const bin = 'tgmcp-read';

runCli({
  bin,
  version: packageVersion('@tgmcp/read', import.meta.url),
  commands: ['serve', 'login', 'status', 'config', 'doctor', 'export'],
  options: READ_OPTIONS,
  help: HELP,
  commandHelp,
  async run(command, { values, positionals }) {
    if (command === 'serve') {
      if (positionals.length === 0) return serve(!!values.demo);
      process.stderr.write(
        `${bin}: unexpected argument ${JSON.stringify(positionals[0])}\n\n${HELP}`,
      );
      return 2;
    }
    const mcp = await import('@tgmcp/mcp');
    if (command === 'login') return mcp.loginCommand(values, { bin });
    if (command === 'status') return mcp.statusCommand(values);
    if (command === 'config') return mcp.configCommand(values);
    if (command === 'doctor') return mcp.doctorCommand(values, { bin });
    return mcp.exportCommand(positionals, values, { bin, help: commandHelp('export') });
  },
});

/** The MCP server on stdio (`--demo`: on the built-in demo account). */
async function serve(demo: boolean): Promise<number> {
  const mcp = await import('@tgmcp/mcp');
  const { createReadServer } = await import('./server.js');
  let runtime: InstanceType<typeof mcp.ServerRuntime>;
  const after: { name: string; run: () => Promise<unknown> }[] = [];
  if (demo) {
    const d = await mcp.startDemo();
    runtime = d.runtime;
    after.push({ name: 'demo', run: () => d.stop() });
  } else {
    const { readServerConfig } = await import('./config.js');
    const config = await readServerConfig(process.env);
    const log = mcp.createLogger({ name: bin });
    for (const w of config.warnings) log.warn(w);
    if (!config.credentials)
      log.info(
        `Telegram is not configured (TG_API_ID / TG_API_HASH): tools will say so; run \`${bin} --demo\` to try it`,
      );
    const shared = await mcp.sharedStateFromEnv(process.env, config.dataDir);
    after.push({ name: 'shared state', run: () => shared.close() });
    runtime = new mcp.ServerRuntime({
      config,
      connect: await mcp.testConnectOverride(),
      store: shared.limitStore,
    });
  }
  return mcp.serveStdio({
    bin,
    server: createReadServer(runtime),
    readyNote: demo ? ' (demo account)' : '',
    onReady: () => runtime.warmUp(),
    before: [{ name: 'runtime', run: () => runtime.close() }],
    after,
  });
}
