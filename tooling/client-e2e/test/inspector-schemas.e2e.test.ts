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
    const { stdout, stderr } = await run(
      INSPECTOR,
      ['--cli', ...target, '--method', 'tools/list'],
      { maxBuffer: 16 << 20 },
    );
    // The check ran on the real list: the tools are in stdout.
    const listed = (JSON.parse(stdout) as { tools: unknown[] }).tools.length;
    expect(listed).toBeGreaterThan(5);
    // The Inspector prints its summary line only when it found something (no line: 0 and 0).
    const line = /Schema portability: (\d+) errors?, (\d+) warnings?[^\n]*/.exec(stderr);
    const [errors, warnings] = line ? [Number(line[1]), Number(line[2])] : [0, 0];
    console.log(`${name}: ${listed} tools, ${errors} errors, ${warnings} warnings`);
    // --strict lists each problem (path, issue, fix) and exits non-zero on error-severity ones.
    const strict = await run(
      INSPECTOR,
      ['--cli', '--strict', ...target, '--method', 'tools/list'],
      {
        maxBuffer: 16 << 20,
      },
    ).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code?: number; stderr?: string }) => ({ code: e.code ?? 1, stderr: e.stderr ?? '' }),
    );
    const paths = [...strict.stderr.matchAll(/tool "([^"]+)"\s*\n\s*Path: (.*)/g)].map(
      (m) => `${m[1]}: ${m[2]}`,
    );
    expect({ errors, warnings, strictExit: strict.code, paths: paths.slice(0, 20) }).toEqual({
      errors: 0,
      warnings: 0,
      strictExit: 0,
      paths: [],
    });
  },
  60_000,
);
