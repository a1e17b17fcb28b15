#!/usr/bin/env node
// tgmcp-actions: the actions MCP server and the operator's commands. Commands load on demand.
import { parseArgs } from 'node:util';
import { HELP } from './commands/help.js';
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
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        demo: { type: 'boolean' },
        yes: { type: 'boolean' },
        reject: { type: 'boolean' },
        json: { type: 'boolean' },
        limit: { type: 'string' },
        qr: { type: 'boolean' },
        phone: { type: 'string' },
        'session-name': { type: 'string' },
        'timeout-sec': { type: 'string' },
      },
    });
  } catch (err) {
    process.stderr.write(`tgmcp-actions: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    process.stdout.write(`${VERSION}\n`);
    return 0;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return 0;
  }
  switch (command) {
    case 'serve':
      return (await import('./commands/serve.js')).serve({ demo: !!values.demo });
    case 'approve':
    case 'pending':
    case 'audit': {
      const operator = await import('./commands/operator.js');
      try {
        if (command === 'approve') return await operator.approveCommand(positionals, values);
        if (command === 'pending') return await operator.pendingCommand(values);
        return await operator.auditCommand(values);
      } finally {
        await operator.closeState();
      }
    }
    case 'policy':
      return (await import('./commands/operator.js')).policyCommand();
    case 'pins':
    case 'unpin': {
      const pins = await import('./commands/pins.js');
      try {
        return command === 'pins'
          ? await pins.pinsCommand(values)
          : await pins.unpinCommand(positionals);
      } finally {
        await (await import('./commands/operator.js')).closeState();
      }
    }
    case 'login':
      return (await import('@tgmcp/read')).loginCommand(values);
    case 'status':
      return (await import('@tgmcp/read')).statusCommand(values);
    case 'doctor':
      return (await import('@tgmcp/read')).doctorCommand();
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
