// Where the demo keeps its state, shared by `tgmcp-actions --demo` (the server an MCP client
// starts) and the operator's `approve|pending|audit|policy|pins --demo`: one stable directory
// per user, so a person can approve what the demo agent asked for without knowing any path.
import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

/** `$TMPDIR/tgmcp-actions-demo-<uid>`: stable across runs, private to the user. */
export function demoDataDir(): string {
  const who = process.getuid?.() ?? userInfo().username;
  return path.join(tmpdir(), `tgmcp-actions-demo-${who}`);
}

/** The demo's settings: writes on for two demo chats, operator approvals by default. */
export function demoEnv(dataDir: string): Record<string, string> {
  return {
    TG_API_ID: '1',
    TG_API_HASH: '0123456789abcdef0123456789abcdef',
    TG_DATA_DIR: dataDir,
    TG_SESSION_NAME: 'demo',
    TG_GLOBAL_RPS_MODE: 'local',
    RATE_RPS: '50',
    TG_ACTIONS_ENABLED: '1',
    TG_ACTIONS_ALLOWED_GROUPS: '@oss_hackers,-3001',
    TG_ACTIONS_APPROVAL_MODE: process.env.TG_ACTIONS_APPROVAL_MODE ?? 'operator',
    HOME: dataDir,
  };
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

export class DemoDirError extends Error {
  readonly code = 'DEMO_DIR_UNSAFE';
}
