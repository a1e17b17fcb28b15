#!/usr/bin/env node
// tgmcp-read: the read-only MCP server and its commands. Only argument parsing happens here;
// each command is loaded on demand so `--version` and `--help` never load gramjs.
import { parseArgs } from 'node:util';
import { HELP, commandHelp } from './help.js';
import { READ_OPTIONS } from './options.js';
import { VERSION } from './version.js';

const bin = 'tgmcp-read';
const COMMANDS = ['serve', 'login', 'status', 'config', 'doctor', 'export'] as const;
type Command = (typeof COMMANDS)[number];

async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  const command: Command = first && !first.startsWith('-') ? (first as Command) : 'serve';
  const rest = first && !first.startsWith('-') ? argv.slice(1) : argv;
  if (!COMMANDS.includes(command)) {
    process.stderr.write(`tgmcp-read: unknown command ${JSON.stringify(first)}\n\n${HELP}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: READ_OPTIONS,
    });
  } catch (err) {
    process.stderr.write(`tgmcp-read: ${(err as Error).message}\n\n${commandHelp(command)}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (values.help) {
    process.stdout.write(command === 'serve' ? HELP : commandHelp(command));
    return 0;
  }
  switch (command) {
    case 'serve':
      if (positionals.length > 0) {
        process.stderr.write(
          `tgmcp-read: unexpected argument ${JSON.stringify(positionals[0])}\n\n${HELP}`,
        );
        return 2;
      }
      return serve(!!values.demo);
    case 'login':
      return (await import('@tgmcp/mcp')).loginCommand(values, { bin });
    case 'status':
      return (await import('@tgmcp/mcp')).statusCommand(values);
    case 'config':
      return (await import('@tgmcp/mcp')).configCommand(values);
    case 'doctor':
      return (await import('@tgmcp/mcp')).doctorCommand(values, { bin });
    case 'export':
      return (await import('@tgmcp/mcp')).exportCommand(positionals, values, {
        bin,
        help: commandHelp('export'),
      });
  }
}

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

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as { code?: string; message?: string };
    process.stderr.write(`tgmcp-read: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
