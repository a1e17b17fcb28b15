// Runs N bench children on one job: all set up and warm up first, then start together at
// `startAt = Date.now() + startDelayMs` (passed by this parent), and report over IPC.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const worker = fileURLToPath(new URL('../worker.mjs', import.meta.url));

export async function runChildren(job, count, { startDelayMs = 700, timeoutMs = 60_000 } = {}) {
  const children = Array.from({ length: count }, (_, i) =>
    fork(worker, [JSON.stringify({ ...job, index: i })], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const waitFor = (child, type) =>
    new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (m.type !== type) return;
        child.off('exit', onExit);
        child.off('message', onMessage);
        resolve(m);
      };
      const onExit = (code) =>
        reject(new Error(`bench child exited with ${code} before "${type}"`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  const timer = setTimeout(() => children.forEach((c) => c.kill('SIGKILL')), timeoutMs);
  try {
    const results = children.map((c) => waitFor(c, 'result'));
    results.forEach((p) => p.catch(() => {}));
    await Promise.all(children.map((c) => waitFor(c, 'ready')));
    const startAt = Date.now() + startDelayMs;
    for (const c of children) c.send({ startAt });
    return { startAt, results: await Promise.all(results) };
  } catch (err) {
    for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
    throw err;
  } finally {
    clearTimeout(timer);
  }
}
