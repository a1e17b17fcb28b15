// Checks that every `<bin> [command] --option` hint in the repository's texts (help, error
// messages, next steps, READMEs) names an option the CLI parses and the command's help lists,
// and has the built CLI parse each one: one checker for every binary.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { runNode } from './node-process.js';

export interface CliHint {
  /** Path relative to the repository root. */
  file: string;
  /** The hint as written, from the binary's name to a backtick, quote or end of line. */
  text: string;
  /** The command it names, when the first word is one of the CLI's commands. */
  command: string | undefined;
  options: string[];
}

/** What a CLI accepts: its option table (as `node:util` parseArgs takes it) and its help. */
export interface CliSurface {
  bin: string;
  commands: readonly string[];
  options: Readonly<Record<string, { type: string }>>;
  help: string;
  commandHelp: (command: string) => string;
}

const OPTION = /(?<![\w-])--([a-z][a-z0-9-]*)/g;

/** The source files under `dir`, recursively: .ts, .mjs and .js, tests left out. */
export function scriptFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) scriptFiles(p, out);
    else if (/\.(ts|mjs|js)$/.test(name) && !/\.test\.ts$/.test(name)) out.push(p);
  }
  return out;
}

/** The root README, and every app's and package's sources and README, relative to `root`. */
export function repositoryTexts(root: string): string[] {
  const files = ['README.md'];
  for (const top of ['apps', 'packages'])
    for (const pkg of readdirSync(path.join(root, top))) {
      const src = path.join(root, top, pkg, 'src');
      if (existsSync(src)) files.push(...scriptFiles(src).map((f) => path.relative(root, f)));
      const readme = path.join(top, pkg, 'README.md');
      if (existsSync(path.join(root, readme))) files.push(readme);
    }
  return files;
}

/**
 * Every hint of `cli.bin` with at least one `--option` in `files` (relative to `root`; by
 * default the repository's texts, see repositoryTexts).
 */
export function findCliHints(
  root: string,
  cli: CliSurface,
  files: string[] = repositoryTexts(root),
): CliHint[] {
  const re = new RegExp(`(?<![\\w@/-])${cli.bin}(?![\\w.-])([^\`'"\\n]*)`, 'g');
  return files.flatMap((file) =>
    [...readFileSync(path.join(root, file), 'utf8').matchAll(re)].flatMap((m) => {
      const rest = m[1]!;
      const word = /^\s+([a-z]+)/.exec(rest)?.[1];
      const command = word && cli.commands.includes(word) ? word : undefined;
      const options = [...rest.matchAll(OPTION)].map((o) => o[1]!);
      return options.length > 0 ? [{ file, text: `${cli.bin}${rest}`, command, options }] : [];
    }),
  );
}

/** Each hinted option the CLI does not parse, or that its command's help does not list. */
export function hintProblems(hints: CliHint[], cli: CliSurface): string[] {
  const bad: string[] = [];
  for (const h of hints)
    for (const o of h.options) {
      if (!(o in cli.options)) bad.push(`${h.file}: --${o} is not an option: ${h.text}`);
      else if (
        o !== 'help' &&
        !(h.command ? cli.commandHelp(h.command) : cli.help).includes(`--${o}`)
      )
        bad.push(`${h.file}: --${o} is not in the help of "${h.command ?? cli.bin}": ${h.text}`);
    }
  return bad;
}

/**
 * Bare `--option`s in `files` (absolute) that the CLI does not parse. Text after any of `bins`
 * is a hint (for this CLI or another) and left to hintProblems.
 */
export function unknownBareOptions(
  root: string,
  files: string[],
  bins: readonly string[],
  cli: CliSurface,
): string[] {
  const named = new RegExp(`(?<![\\w@/-])(?:${bins.join('|')})(?![\\w.-])[^\`'"\\n]*`, 'g');
  const bad: string[] = [];
  for (const file of files)
    for (const m of readFileSync(file, 'utf8').replace(named, '').matchAll(OPTION))
      if (!(m[1]! in cli.options)) bad.push(`${path.relative(root, file)}: --${m[1]}`);
  return bad;
}

/**
 * Has the built CLI (`script`) parse each hinted option with its command and `--help`: the
 * argument lists tried and the ones that failed (with exit code and stderr).
 */
export async function parseHintedOptions(
  script: string,
  hints: CliHint[],
  cli: CliSurface,
): Promise<{ tried: string[]; failures: string[] }> {
  const tried = new Set<string>();
  const failures: string[] = [];
  for (const h of hints)
    for (const o of h.options) {
      const argv = [
        ...(h.command && h.command !== 'serve' ? [h.command] : []),
        `--${o}`,
        ...(cli.options[o]?.type === 'string' ? ['x'] : []),
        '--help',
      ];
      const key = argv.join(' ');
      if (tried.has(key) || o === 'version') continue;
      tried.add(key);
      const r = await runNode(script, argv, { env: { PATH: process.env.PATH ?? '' } });
      if (r.code !== 0) failures.push(`${key}: exit ${r.code} ${r.stderr}`);
    }
  return { tried: [...tried], failures };
}
