#!/usr/bin/env node
// tgmcp-read: the read-only MCP server and its commands. Only argument parsing happens here;
// each command is loaded on demand so `--version` and `--help` never load gramjs.
import { parseArgs } from 'node:util';
import { HELP, commandHelp } from './commands/help.js';
import { READ_OPTIONS } from './commands/options.js';
import { VERSION } from './version.js';

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
      return (await import('./commands/serve.js')).serve({ demo: !!values.demo });
    case 'login':
      return (await import('./commands/login.js')).loginCommand(values);
    case 'status':
      return (await import('./commands/status.js')).statusCommand(values);
    case 'config':
      return (await import('./commands/config.js')).configCommand(values);
    case 'doctor':
      return (await import('./commands/doctor.js')).doctorCommand(values);
    case 'export':
      return (await import('./commands/export.js')).exportCommand(positionals, values);
  }
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
