#!/usr/bin/env node
// tgmcp-actions: the actions MCP server and the operator's commands. Commands load on demand:
// `--version` and `--help` never load gramjs.
import { packageVersion, runCli } from '@tgmcp/mcp/cli';
import { HELP, commandHelp } from './commands/help.js';
import { ACTIONS_OPTIONS } from './commands/options.js';

const bin = 'tgmcp-actions';
const OPERATOR_COMMANDS = ['approve', 'pending', 'audit', 'policy', 'pins', 'unpin'] as const;
type OperatorCommand = (typeof OPERATOR_COMMANDS)[number];
const isOperatorCommand = (c: string): c is OperatorCommand =>
  OPERATOR_COMMANDS.some((o) => o === c);

runCli({
  bin,
  version: packageVersion('@tgmcp/actions', import.meta.url),
  commands: ['serve', ...OPERATOR_COMMANDS, 'login', 'status', 'doctor'],
  options: ACTIONS_OPTIONS,
  help: HELP,
  commandHelp,
  async run(command, { values, positionals }) {
    if (command === 'serve')
      return (await import('./commands/serve.js')).serve({ demo: !!values.demo });
    if (isOperatorCommand(command))
      return (await import('./commands/operator.js')).operatorCommand(command, positionals, values);
    const mcp = await import('@tgmcp/mcp');
    if (command === 'login') return mcp.loginCommand(values, { bin });
    if (command === 'status') return mcp.statusCommand(values);
    return mcp.doctorCommand(values, { bin });
  },
});
