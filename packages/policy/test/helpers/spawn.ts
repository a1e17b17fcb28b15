// Runs the worker fixture (file or Redis state, see fixtures/worker.mjs) as real child processes.
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runWorker as runScript, startWorker as startScript } from '@tgmcp/testkit/harness';

export const worker = fileURLToPath(new URL('../fixtures/worker.mjs', import.meta.url));

export const runWorker = <T>(job: object): Promise<T> => runScript<T>(worker, job);

export const startWorker = (job: object): ChildProcess => startScript(worker, job);
