#!/usr/bin/env node
// tgmcp-actions: the actions MCP server and the operator's commands. Commands load on demand.
import { parseArgs } from 'node:util';
import { HELP, commandHelp } from './commands/help.js';
import { ACTIONS_OPTIONS } from './commands/options.js';
import { VERSION } from './version.js';

const COMMANDS = [
  'serve',
  'approve',
  'pending',
  'audit',
  'policy',
  'pins',
  'unpin',
  'login',
  'status',
  'doctor',
] as const;
type Command = (typeof COMMANDS)[number];
const OPERATOR_COMMANDS: readonly Command[] = [
  'approve',
  'pending',
  'audit',
  'policy',
  'pins',
  'unpin',
];

async function main(argv: string[]): Promise<number> {
  const first = argv[0];
  const command = (first && !first.startsWith('-') ? first : 'serve') as Command;
  const rest = first && !first.startsWith('-') ? argv.slice(1) : argv;
  if (!COMMANDS.includes(command)) {
    process.stderr.write(`tgmcp-actions: unknown command ${JSON.stringify(first)}\n\n${HELP}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: ACTIONS_OPTIONS,
    });
  } catch (err) {
    process.stderr.write(`tgmcp-actions: ${(err as Error).message}\n\n${commandHelp(command)}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (values.help) {
    process.stdout.write(first === command ? commandHelp(command) : HELP);
    return 0;
  }
  // The operator's commands with --demo work on the demo server's stable data dir.
  let env: Record<string, string | undefined> = process.env;
  if (values.demo && OPERATOR_COMMANDS.includes(command)) {
    const demo = await (await import('./commands/operator.js')).demoOperatorEnv(command);
    if (typeof demo === 'number') return demo;
    env = demo;
  }
  switch (command) {
    case 'serve':
      return (await import('./commands/serve.js')).serve({ demo: !!values.demo });
    case 'approve':
    case 'pending':
    case 'audit': {
      const operator = await import('./commands/operator.js');
      try {
        if (command === 'approve') return await operator.approveCommand(positionals, values, env);
        if (command === 'pending') return await operator.pendingCommand(values, env);
        return await operator.auditCommand(values, env);
      } finally {
        await operator.closeState();
      }
    }
    case 'policy':
      return (await import('./commands/operator.js')).policyCommand(env);
    case 'pins':
    case 'unpin': {
      const pins = await import('./commands/pins.js');
      try {
        return command === 'pins'
          ? await pins.pinsCommand(values, env)
          : await pins.unpinCommand(positionals, env);
      } finally {
        await (await import('./commands/operator.js')).closeState();
      }
    }
    case 'login':
      return (await import('@tgmcp/mcp')).loginCommand(values, { bin: 'tgmcp-actions' });
    case 'status':
      return (await import('@tgmcp/mcp')).statusCommand(values);
    case 'doctor':
      return (await import('@tgmcp/mcp')).doctorCommand(values, { bin: 'tgmcp-actions' });
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err as { code?: string; message?: string };
    process.stderr.write(
      `tgmcp-actions: ${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}\n`,
    );
    process.exitCode = 1;
  },
);
