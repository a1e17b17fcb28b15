#!/usr/bin/env node
// A tour of @tgmcp/ratelimit in about ten seconds: four processes share one budget through a
// file store, a FLOOD_WAIT is retried with a reported wait, a daily quota runs out.
// Run from the repository root with `pnpm demo` (it builds the package first).
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createCallGuard,
  createCircuitBreaker,
  createDailyQuota,
  createFloodMemory,
  createRateLimiter,
  fileStore,
  memoryStore,
} from '../dist/index.js';

const RATE = 5;
const BURST = 5;
const SECONDS = 4;
const WORKERS = 4;

if (process.argv[2] === 'worker') {
  // Child: take tokens from the shared bucket as fast as it will give them.
  const [dir, startAt] = [process.argv[3], Number(process.argv[4])];
  const limiter = createRateLimiter({
    rate: RATE,
    burst: BURST,
    store: fileStore({ dir }),
    key: 'demo-account',
  });
  await new Promise((r) => setTimeout(r, startAt - Date.now()));
  // The deadline aborts a wait in progress: an aborted acquire takes nothing.
  const signal = AbortSignal.timeout(startAt + SECONDS * 1000 - Date.now());
  try {
    for (;;) process.send({ at: (await limiter.acquire({ signal })).at });
  } catch (err) {
    if (!signal.aborted) throw err;
  }
  process.exit(0);
}

const line = (s = '') => process.stdout.write(`${s}\n`);
line('@tgmcp/ratelimit demo\n');
line(
  `1. ${WORKERS} processes share one file-store bucket: ${RATE} requests/s, burst ${BURST}, for ${SECONDS} s.`,
);
line(
  `   The envelope says at most ${BURST} + ${RATE} x ${SECONDS} = ${BURST + RATE * SECONDS} requests in all.\n`,
);

const dir = await mkdtemp(path.join(tmpdir(), 'tgmcp-demo-'));
const startAt = Date.now() + 800;
const grants = [];
const perWorker = Array(WORKERS).fill(0);
await Promise.all(
  Array.from({ length: WORKERS }, (_, i) => {
    const child = fork(fileURLToPath(import.meta.url), ['worker', dir, String(startAt)]);
    child.on('message', ({ at }) => {
      grants.push(at);
      perWorker[i]++;
      if (process.stdout.isTTY) {
        process.stdout.write(
          `\r   t=${((at - startAt) / 1000).toFixed(2)}s  granted ${String(grants.length).padStart(3)}   `,
        );
      }
    });
    return new Promise((resolve) => child.on('exit', resolve));
  }),
);
await rm(dir, { recursive: true, force: true });
const bySecond = Array(SECONDS).fill(0);
for (const at of grants) bySecond[Math.min(SECONDS - 1, Math.floor((at - startAt) / 1000))]++;
line(
  `${process.stdout.isTTY ? '\n' : ''}   per second: ${bySecond.join(', ')}   per process: ${perWorker.join(', ')}   total: ${grants.length}`,
);
line(
  `   (the first second includes the burst of ${BURST}; then ${RATE} a second, shared by all processes)\n`,
);

line(
  '2. A call that Telegram answers with FLOOD_WAIT_1 twice: waits are reported, then it succeeds.',
);
const store = memoryStore();
const limiter = createRateLimiter({ store });
const guard = createCallGuard({
  limiter,
  flood: createFloodMemory({ store }),
  breaker: createCircuitBreaker({ store }),
  onWait: (e) => line(`   onWait: ${e.reason}, sleeping ${e.seconds}s before retry ${e.attempt}`),
});
let calls = 0;
const result = await guard.run({ method: 'messages.getHistory' }, async () => {
  calls++;
  if (calls <= 2) throw Object.assign(new Error('FLOOD_WAIT_1'), { errorMessage: 'FLOOD_WAIT_1' });
  return `page of 100 messages after ${calls} calls`;
});
line(`   result: ${result}\n`);

line('3. A daily quota of 3 direct messages: the 4th is refused with the time it resets.');
const quota = createDailyQuota({ store, limits: { dm: 3 } });
for (let i = 1; i <= 4; i++) {
  try {
    const u = await quota.consume('dm');
    line(`   dm ${i}: ok (${u.used}/${u.limit})`);
  } catch (err) {
    line(`   dm ${i}: ${err.code}: ${err.message}`);
  }
}
line('\nDone. Benchmarks: pnpm --filter @tgmcp/ratelimit bench');
