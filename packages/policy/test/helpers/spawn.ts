// Runs the worker fixture as a real child process.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const worker = fileURLToPath(new URL('../fixtures/worker.mjs', import.meta.url));

export function runWorker<T>(job: object): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [worker, JSON.stringify(job)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`worker exited ${code}: ${err}`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as T);
      } catch {
        reject(new Error(`worker printed no JSON: ${out} ${err}`));
      }
    });
  });
}

export function startWorker(job: object): ChildProcess {
  return spawn(process.execPath, [worker, JSON.stringify(job)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}
