// A demo that keeps its state between runs: one private directory per user and binary,
// `$TMPDIR/<bin>-demo-<uid>`, shared by the demo server an MCP client starts and the person's
// commands on it (`tgmcp-actions approve --demo <id>`), so nobody needs to know a path. Each
// start empties it (a new fake world makes old state meaningless) unless another demo server
// still runs on it; the dir stays after a stop, so what happened can still be looked at.
import { lstatSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { type ConnectOverride, createSessionStore, importOptional } from '@tgmcp/telegram';
import type { FakeTelegram } from '@tgmcp/testkit';
import type { ServerBin } from './context.js';

/** `$TMPDIR/<bin>-demo-<uid>`: stable across runs, private to the user. */
export function stableDemoDir(bin: ServerBin): string {
  const who = process.getuid?.() ?? userInfo().username;
  return path.join(tmpdir(), `${bin}-demo-${who}`);
}

export class DemoDirError extends Error {
  readonly code = 'DEMO_DIR_UNSAFE';
}

/**
 * Refuses a demo dir someone else could have prepared (a shared /tmp): it must be a real
 * directory, owned by this user, closed to others. `create` makes it (0700) when missing.
 */
export function checkDemoDir(dir: string, create: boolean): 'ok' | 'missing' {
  if (create) mkdirSync(dir, { recursive: true, mode: 0o700 });
  let st;
  try {
    st = lstatSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw err;
  }
  const uid = process.getuid?.();
  if (
    !st.isDirectory() ||
    (uid !== undefined && st.uid !== uid) ||
    (process.platform !== 'win32' && (st.mode & 0o077) !== 0)
  )
    throw new DemoDirError(
      `${dir} is not a private directory of this user (a symlink, another owner, or open to others): remove it and start the demo again`,
    );
  return 'ok';
}

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

/** The demo account's fake Telegram, and its session `demo` saved in the stable dir. */
export interface StableDemo {
  dataDir: string;
  /** Another demo server runs on the same dir: its state was kept. */
  shared: boolean;
  fake: FakeTelegram;
  connect: ConnectOverride;
  /** Stops the fake Telegram and gives the dir up (kept, with its state). */
  stop(): Promise<void>;
}

export async function openStableDemo(bin: ServerBin): Promise<StableDemo> {
  const dataDir = stableDemoDir(bin);
  checkDemoDir(dataDir, true);
  const shared = otherDemoRunning(dataDir);
  if (!shared)
    for (const name of readdirSync(dataDir))
      rmSync(path.join(dataDir, name), { recursive: true, force: true });
  const pidFile = path.join(dataDir, PID_FILE);
  writeFileSync(pidFile, `${process.pid}\n`, { mode: 0o600 });
  // The fake Telegram is an optional dependency: without it, --demo says what to install.
  const { demoWorld, startFakeTelegram } = await importOptional(
    '@tgmcp/testkit',
    `${bin} --demo`,
    () => import('@tgmcp/testkit'),
  );
  const fake = await startFakeTelegram({ world: demoWorld() });
  createSessionStore({ dataDir }).save('demo', { session: fake.sessionString, source: 'demo' });
  return {
    dataDir,
    shared,
    fake,
    connect: { clientOptions: fake.connectOptions },
    async stop() {
      await fake.close();
      try {
        if (readFileSync(pidFile, 'utf8').trim() === String(process.pid)) rmSync(pidFile);
      } catch {
        // Already gone: a newer demo took the dir over.
      }
    },
  };
}
