// The frame of a server binary's command line: the command (first word, `serve` without one),
// its options parsed strictly, --version and --help, a usage error (exit 2) and a failure
// (exit 1) as one line on stderr. It loads nothing else: `--version` and `--help` stay instant
// (no gramjs), and each command loads what it needs when it runs.
import { type ParseArgsConfig, parseArgs } from 'node:util';

type OptionsConfig = NonNullable<ParseArgsConfig['options']>;

/** A command line parsed with `options`: typed values, and the positionals. */
export type CommandLine<O extends OptionsConfig> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; allowPositionals: true }>
>;

export interface CliSpec<C extends string, O extends OptionsConfig> {
  /** The binary's name, at the start of every error line. */
  bin: string;
  version: string;
  /** The commands; the first word of the command line is one of these, else `serve` runs. */
  commands: readonly (C | 'serve')[];
  options: O & { help: { type: 'boolean' }; version: { type: 'boolean' } };
  /** The binary's help, and a command's (`<bin> <command> --help`). */
  help: string;
  commandHelp(command: C | 'serve'): string;
  run(command: C | 'serve', line: CommandLine<O>): Promise<number>;
}

interface Output {
  write(text: string): unknown;
}

/** Runs the command line `argv` and resolves its exit code. */
export async function cliMain<C extends string, O extends OptionsConfig>(
  spec: CliSpec<C, O>,
  argv: string[],
  io: { stdout: Output; stderr: Output } = process,
): Promise<number> {
  const first = argv[0];
  const named = first !== undefined && !first.startsWith('-');
  const command = spec.commands.find((c) => c === (named ? first : 'serve'));
  if (command === undefined) {
    io.stderr.write(`${spec.bin}: unknown command ${JSON.stringify(first)}\n\n${spec.help}`);
    return 2;
  }
  let line: CommandLine<O>;
  try {
    line = parseArgs<{ args: string[]; options: O; allowPositionals: true }>({
      args: named ? argv.slice(1) : argv,
      options: spec.options,
      allowPositionals: true,
    });
  } catch (err) {
    io.stderr.write(`${spec.bin}: ${(err as Error).message}\n\n${spec.commandHelp(command)}`);
    return 2;
  }
  const flags: { help?: unknown; version?: unknown } = line.values;
  if (flags.version) {
    io.stdout.write(`${spec.version}\n`);
    return 0;
  }
  if (flags.help) {
    io.stdout.write(named ? spec.commandHelp(command) : spec.help);
    return 0;
  }
  try {
    return await spec.run(command, line);
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown } | null | undefined;
    const c = e?.code;
    const code = c && (typeof c === 'string' || typeof c === 'number') ? `${c}: ` : '';
    io.stderr.write(`${spec.bin}: ${code}${String(e?.message ?? err)}\n`);
    return 1;
  }
}

/** The binary's entry: runs `process.argv` and sets the process's exit code. */
export function runCli<C extends string, O extends OptionsConfig>(spec: CliSpec<C, O>): void {
  void cliMain(spec, process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
