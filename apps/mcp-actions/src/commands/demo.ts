// --demo: the actions server on a seeded fake Telegram with writes enabled for two demo chats and
// operator approvals, in a stable per-user data dir (demo-dir.ts) that the operator's commands
// find with --demo: `tgmcp-actions approve --demo <id>`. Each start begins with empty state (the
// fake world is new, so old approvals and duplicates would mean nothing), unless another demo
// server is running on it; the dir is kept after a stop, so `audit --demo` still shows the trail.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { memoryStore } from '@tgmcp/ratelimit';
import { createSessionStore, importOptional } from '@tgmcp/telegram';
import { checkDemoDir, demoDataDir, demoEnv } from './demo-dir.js';
import { buildRuntime } from './serve.js';

// The fake Telegram is an optional dependency: without it, --demo says what to install.
const loadTestkit = () =>
  importOptional('@tgmcp/testkit', 'tgmcp-actions --demo', () => import('@tgmcp/testkit'));

const PID_FILE = 'demo.pid';

function otherDemoRunning(dataDir: string): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(path.join(dataDir, PID_FILE), 'utf8').trim());
  } catch {
    return false;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function startActionsDemo() {
  const dataDir = demoDataDir();
  checkDemoDir(dataDir, true);
  const shared = otherDemoRunning(dataDir);
  if (!shared)
    for (const name of readdirSync(dataDir))
      rmSync(path.join(dataDir, name), { recursive: true, force: true });
  writeFileSync(path.join(dataDir, PID_FILE), `${process.pid}\n`, { mode: 0o600 });
  const { demoWorld, startFakeTelegram } = await loadTestkit();
  const fake = await startFakeTelegram({ world: demoWorld() });
  createSessionStore({ dataDir }).save('demo', { session: fake.sessionString, source: 'demo' });
  mkdirSync(path.join(dataDir, 'outbox'), { recursive: true, mode: 0o700 });
  writeFileSync(path.join(dataDir, 'outbox', 'hello.txt'), 'Hello from the tgmcp demo.\n');
  process.stderr.write(
    `[tgmcp-actions] demo data dir: ${dataDir}${shared ? ' (shared with another running demo)' : ''}\n` +
      '[tgmcp-actions] approve requests with: tgmcp-actions approve --demo <request_id> (also pending --demo, audit --demo)\n',
  );
  const runtime = await buildRuntime(demoEnv(dataDir), {
    connect: { clientOptions: fake.connectOptions },
    store: memoryStore(),
    approveCommand: 'tgmcp-actions approve --demo',
  });
  return {
    runtime,
    fake,
    dataDir,
    async stop() {
      await runtime.close();
      await fake.close();
      const pidFile = path.join(dataDir, PID_FILE);
      try {
        if (readFileSync(pidFile, 'utf8').trim() === String(process.pid)) rmSync(pidFile);
      } catch {
        // Already gone: a newer demo took the dir over.
      }
    },
  };
}
