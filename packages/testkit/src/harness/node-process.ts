// Node scripts under test as real child processes: a CLI run to completion (or on a terminal),
// a worker that takes a JSON job in argv and answers with JSON lines on stdout.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { type PtyRun, runInPty } from '../cli/pty.js';

export interface ProcessResult {
  /** The exit code; -1 when the process ended by a signal (see `signal`). */
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node script ...args` with exactly `env`; resolves with its result whatever the exit. */
export function runNode(
  script: string,
  args: string[],
  options: { env: Record<string, string>; timeoutMs?: number },
): Promise<ProcessResult> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [script, ...args],
      { env: options.env, timeout: options.timeoutMs ?? 20_000 },
      (err, stdout, stderr) => {
        const e = err as (Error & { code?: unknown; signal?: NodeJS.Signals | null }) | null;
        const code = !e ? 0 : typeof e.code === 'number' ? e.code : -1;
        resolve({ code, signal: e?.signal ?? null, stdout, stderr });
      },
    );
  });
}

export interface CliRunner {
  /** Runs the CLI to completion. */
  run: (args: string[], env: Record<string, string>) => Promise<ProcessResult>;
  /** Starts the CLI on a pseudo-terminal (see `HAS_SCRIPT`). */
  pty: (args: string[], env: Record<string, string>) => PtyRun;
}

/** A built CLI (`dist/cli.js`) as a person or a script runs it. */
export function cliRunner(script: string, options: { timeoutMs?: number } = {}): CliRunner {
  return {
    run: (args, env) => runNode(script, args, { env, timeoutMs: options.timeoutMs }),
    pty: (args, env) => runInPty([process.execPath, script, ...args], env),
  };
}

/** Starts `node script ...args` with stdout and stderr piped (stdin too when asked). */
export function spawnNode(
  script: string,
  args: string[],
  options: { stdin?: 'pipe' | 'ignore' } = {},
): ChildProcess {
  return spawn(process.execPath, [script, ...args], {
    stdio: [options.stdin ?? 'ignore', 'pipe', 'pipe'],
  });
}

/** Collects a child's output until it exits. Call it before the child can have written. */
export function exitOf(child: ChildProcess): Promise<ProcessResult> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code: code ?? -1, signal, stdout, stderr }));
  });
}

/** Starts a worker script with `job` as its one argument, JSON-encoded. */
export function startWorker(
  script: string,
  job: unknown,
  options: { stdin?: 'pipe' | 'ignore' } = {},
): ChildProcess {
  return spawnNode(script, [JSON.stringify(job)], options);
}

/** The last line of `stdout`, parsed as JSON. */
export function lastJsonLine<T>(stdout: string): T {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`the worker printed no JSON line: ${stdout.slice(-500)}`);
  }
}

/** Waits for a started worker: its last JSON line; rejects when it exits other than 0. */
export async function finishWorker<T>(child: ChildProcess): Promise<T> {
  const r = await exitOf(child);
  if (r.code !== 0)
    throw new Error(`worker exited ${r.signal ?? r.code}: ${r.stderr.slice(-2000)}`);
  return lastJsonLine<T>(r.stdout);
}

/** Runs a worker to its end: its last JSON line; rejects when it exits other than 0. */
export function runWorker<T>(script: string, job: unknown): Promise<T> {
  return finishWorker<T>(startWorker(script, job));
}
