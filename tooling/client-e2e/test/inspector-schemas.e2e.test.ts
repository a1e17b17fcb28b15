// The MCP Inspector's schema portability check (`mcp-inspector --cli <server> --method
// tools/list`) over both servers' demos: it must report 0 errors and 0 warnings (issue 15 item 4).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { ARGS, COMMAND } from './demo-server.js';

const INSPECTOR = fileURLToPath(new URL('../node_modules/.bin/mcp-inspector', import.meta.url));
const ACTIONS_CLI = fileURLToPath(
  new URL('../../../apps/mcp-actions/dist/cli.js', import.meta.url),
);
const run = promisify(execFile);

const SERVERS = [
  { name: 'tgmcp-read', target: [COMMAND, ...ARGS] },
  { name: 'tgmcp-actions', target: [COMMAND, ACTIONS_CLI, '--demo'] },
];

it.each(SERVERS)(
  'the Inspector finds no portability problem in $name schemas',
  async ({ name, target }) => {
    const { stderr } = await run(INSPECTOR, ['--cli', ...target, '--method', 'tools/list'], {
      maxBuffer: 16 << 20,
    });
    const line = /Schema portability: (\d+) errors?, (\d+) warnings?[^\n]*/.exec(stderr);
    expect(line, `no portability line in: ${stderr.slice(-500)}`).not.toBeNull();
    const [errors, warnings] = [Number(line![1]), Number(line![2])];
    console.log(`${name}: ${line![0]}`);
    if (errors + warnings > 0) {
      // --strict lists each problem (path, issue, fix); it exits 6 on error-severity ones.
      const strict = await run(
        INSPECTOR,
        ['--cli', '--strict', ...target, '--method', 'tools/list'],
        { maxBuffer: 16 << 20 },
      ).catch((e: { stderr?: string }) => ({ stderr: e.stderr ?? '' }));
      const paths = [...strict.stderr.matchAll(/tool "([^"]+)"\s*\n\s*Path: (.*)/g)].map(
        (m) => `${m[1]}: ${m[2]}`,
      );
      expect({ errors, warnings, paths: paths.slice(0, 20) }).toEqual({
        errors: 0,
        warnings: 0,
        paths: [],
      });
    }
  },
  60_000,
);
