// Every hint names an option that exists (issue 15 items 14, 16). Greps the sources of every app and
// package (help texts, error messages, next steps) and the READMEs for `tgmcp-read <command>
// --option` and for bare `--option` in this app's own sources, checks each option against the
// options the CLI parses and the command's help, then has the built CLI parse each one.
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
import { HELP, commandHelp } from '../src/commands/help.js';
import { ACTIONS_OPTIONS } from '../src/commands/options.js';
import { COMMANDS } from './commands.js';
import { CLI } from './harness.js';

const BIN = 'tgmcp-actions';
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OWN_SRC = fileURLToPath(new URL('../src/', import.meta.url));

const CLI_SURFACE: CliSurface = {
  bin: BIN,
  commands: COMMANDS,
  options: ACTIONS_OPTIONS,
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
    // The demo's approvals: the hint the demo server prints and the README shows.
    expect(found.some((h) => h.command === 'approve' && h.options.includes('demo'))).toBe(true);
  });

  it("this app's own sources name no option the CLI does not parse", () => {
    // Options after a command name (either CLI's) are the first test's; the rest must be ours.
    const bad = unknownBareOptions(
      ROOT,
      scriptFiles(OWN_SRC),
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
