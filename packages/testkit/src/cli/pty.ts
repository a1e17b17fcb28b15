// Runs a command on a pseudo-terminal (util-linux `script`), so its stdin, stdout and stderr are
// TTYs as when a person types it: prompts, progress bars, Ctrl-C, hints printed only to a terminal.
import { spawn, spawnSync } from 'node:child_process';

/** Whether util-linux `script` is here (tests that need a terminal skip without it). */
export const HAS_SCRIPT = spawnSync('script', ['--version']).status === 0;

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface PtyRun {
  /** Everything the terminal showed so far (stdout and stderr, `\r\n` made `\n`). */
  output: () => string;
  /** Types into the terminal. */
  type: (text: string) => void;
  waitFor: (text: string | RegExp, timeoutMs?: number) => Promise<void>;
  exited: Promise<number>;
  kill: () => void;
}

/** Starts `argv` (program and arguments) on a pseudo-terminal with exactly `env`. */
export function runInPty(argv: string[], env: Record<string, string>): PtyRun {
  const command = argv.map(quote).join(' ');
  const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: 'pipe' });
  let out = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString().replace(/\r\n/g, '\n');
    for (const l of listeners) l();
  });
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number>((resolve) =>
    child.on('exit', (code) => {
      child.stdin.end();
      resolve(code ?? -1);
    }),
  );
  return {
    output: () => out,
    type: (text) => child.stdin.write(text),
    waitFor: (text, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const seen = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${String(text)}; terminal showed:\n${out}`));
        }, timeoutMs);
        const check = () => {
          if (!seen()) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve();
        };
        listeners.add(check);
        check();
      }),
    exited,
    kill: () => child.kill('SIGKILL'),
  };
}
