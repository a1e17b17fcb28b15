// Every hint names an option that exists (issue 15 item 14). Greps the sources of every app and
// package (help texts, error messages, next steps) and the READMEs for `tgmcp-read <command>
// --option` and for bare `--option` in this app's own sources, checks each option against the
// options the CLI parses and the command's help, then has the built CLI parse each one.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type CliSurface,
  findCliHints,
  hintProblems,
  parseHintedOptions,
  scriptFiles,
  unknownBareOptions,
} from '@tgmcp/testkit/harness';
import { describe, expect, it } from 'vitest';
import { HELP, commandHelp } from '../src/help.js';
import { READ_OPTIONS } from '../src/options.js';
import { CLI } from './harness.js';

const BIN = 'tgmcp-read';
const COMMANDS = ['serve', 'login', 'status', 'config', 'doctor', 'export'];
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OWN_SRC = fileURLToPath(new URL('../src/', import.meta.url));
// The shared commands this CLI runs (login, status, doctor, config, export) live in @tgmcp/mcp;
// the rest of that folder serves other binaries (the operator's prompts are tgmcp-actions').
const SHARED_CLI = fileURLToPath(new URL('../../../packages/mcp/src/cli/', import.meta.url));
const SHARED_COMMANDS = [
  'login',
  'status',
  'doctor',
  'config',
  'export',
  'session-encryption-check',
];

const CLI_SURFACE: CliSurface = {
  bin: BIN,
  commands: COMMANDS,
  options: READ_OPTIONS,
  help: HELP,
  commandHelp,
};
const all = () => findCliHints(ROOT, CLI_SURFACE);

describe(`every --option a ${BIN} hint names exists`, { timeout: 60_000 }, () => {
  it('hints anywhere in the repository name parsed options the command documents', () => {
    const found = all();
    expect(found.length).toBeGreaterThan(10);
    const bad = hintProblems(found, CLI_SURFACE);
    expect(bad).toEqual([]);
    // The hint that started this: the export's OUTPUT_EXISTS answer.
    expect(found.some((h) => h.options.includes('overwrite'))).toBe(true);
  });

  it("this app's own sources name no option the CLI does not parse", () => {
    // Options after a command name (either CLI's) are the first test's; the rest must be ours.
    const bad = unknownBareOptions(
      ROOT,
      [...scriptFiles(OWN_SRC), ...SHARED_COMMANDS.map((c) => path.join(SHARED_CLI, `${c}.ts`))],
      ['tgmcp-read', 'tgmcp-actions'],
      CLI_SURFACE,
    );
    expect(bad).toEqual([]);
  });

  it('the built CLI parses every hinted option for its command', async () => {
    const { tried, failures } = await parseHintedOptions(CLI, all(), CLI_SURFACE);
    expect(failures).toEqual([]);
    expect(tried.length).toBeGreaterThan(5);
  });
});
