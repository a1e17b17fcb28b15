// Every hint names an option that exists (issue 15 item 14). Greps the sources of every app and
// package (help texts, error messages, next steps) and the READMEs for `tgmcp-read <command>
// --option` and for bare `--option` in this app's own sources, checks each option against the
// options the CLI parses and the command's help, then has the built CLI parse each one.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HELP, commandHelp } from '../src/help.js';
import { READ_OPTIONS } from '../src/options.js';
import { CLI } from './harness.js';

const BIN = 'tgmcp-read';
const COMMANDS = ['serve', 'login', 'status', 'config', 'doctor', 'export'];
const OPTIONS: Record<string, { type: string }> = READ_OPTIONS;
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

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (/\.(ts|mjs|js)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

function sources(): string[] {
  const files = ['README.md'];
  for (const top of ['apps', 'packages'])
    for (const pkg of readdirSync(path.join(ROOT, top))) {
      const src = path.join(ROOT, top, pkg, 'src');
      if (existsSync(src)) files.push(...walk(src).map((f) => path.relative(ROOT, f)));
      const readme = path.join(top, pkg, 'README.md');
      if (existsSync(path.join(ROOT, readme))) files.push(readme);
    }
  return files;
}

interface Hint {
  file: string;
  text: string;
  command: string | undefined;
  options: string[];
}

/** `tgmcp-read <words> --options`, up to a backtick, quote or end of line. */
function hints(file: string, text: string): Hint[] {
  const out: Hint[] = [];
  const re = new RegExp(`(?<![\\w@/-])${BIN}(?![\\w.-])([^\`'"\\n]*)`, 'g');
  for (const m of text.matchAll(re)) {
    const rest = m[1]!;
    const word = /^\s+([a-z]+)/.exec(rest)?.[1];
    const command = word && COMMANDS.includes(word) ? word : undefined;
    const options = [...rest.matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g)].map((o) => o[1]!);
    if (options.length > 0) out.push({ file, text: `${BIN}${rest}`, command, options });
  }
  return out;
}

const all = () =>
  sources().flatMap((file) => hints(file, readFileSync(path.join(ROOT, file), 'utf8')));

describe(`every --option a ${BIN} hint names exists`, { timeout: 60_000 }, () => {
  it('hints anywhere in the repository name parsed options the command documents', () => {
    const found = all();
    expect(found.length).toBeGreaterThan(10);
    const bad: string[] = [];
    for (const h of found)
      for (const o of h.options) {
        if (!(o in OPTIONS)) bad.push(`${h.file}: --${o} is not an option: ${h.text}`);
        else if (o !== 'help' && !(h.command ? commandHelp(h.command) : HELP).includes(`--${o}`))
          bad.push(`${h.file}: --${o} is not in the help of "${h.command ?? BIN}": ${h.text}`);
      }
    expect(bad).toEqual([]);
    // The hint that started this: the export's OUTPUT_EXISTS answer.
    expect(found.some((h) => h.options.includes('overwrite'))).toBe(true);
  });

  it("this app's own sources name no option the CLI does not parse", () => {
    const bad: string[] = [];
    // Options after a command name (either CLI's) are the first test's; the rest must be ours.
    const named = /(?<![\w@/-])tgmcp-(?:read|actions)(?![\w.-])[^`'"\n]*/g;
    for (const file of [
      ...walk(OWN_SRC),
      ...SHARED_COMMANDS.map((c) => path.join(SHARED_CLI, `${c}.ts`)),
    ])
      for (const m of readFileSync(file, 'utf8')
        .replace(named, '')
        .matchAll(/(?<![\w-])--([a-z][a-z0-9-]*)/g))
        if (!(m[1]! in OPTIONS)) bad.push(`${path.relative(ROOT, file)}: --${m[1]}`);
    expect(bad).toEqual([]);
  });

  it('the built CLI parses every hinted option for its command', async () => {
    const seen = new Set<string>();
    for (const h of all())
      for (const o of h.options) {
        const argv = [
          ...(h.command && h.command !== 'serve' ? [h.command] : []),
          `--${o}`,
          ...(OPTIONS[o]!.type === 'string' ? ['x'] : []),
          '--help',
        ];
        const key = argv.join(' ');
        if (seen.has(key) || o === 'version') continue;
        seen.add(key);
        const r = await promisify(execFile)(process.execPath, [CLI, ...argv], {
          env: { PATH: process.env.PATH ?? '' },
        }).catch((e: { code: number; stderr: string }) => e);
        expect('code' in r ? `${key}: exit ${r.code} ${r.stderr}` : key).toBe(key);
      }
    expect(seen.size).toBeGreaterThan(5);
  });
});
