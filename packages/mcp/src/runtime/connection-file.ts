// A running server keeps its connection's state in <dataDir>/state/connection/<server>.json so
// that `tgmcp-read status` (another process) can say whether it is connected, since when, how
// often it reconnected and the last error. Written on every change, atomically; never secret.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type Clock, systemClock } from '@tgmcp/core';
import type { ConnectionState } from '@tgmcp/telegram';

export interface ServerConnection extends ConnectionState {
  server: string;
  session: string;
  pid: number;
  updated_at: string;
}

const dirOf = (dataDir: string) => path.join(dataDir, 'state', 'connection');

export function saveConnectionState(
  dataDir: string,
  server: string,
  state: ConnectionState & { session: string },
  clock: Clock = systemClock,
): void {
  try {
    const dir = dirOf(dataDir);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const file = path.join(dir, `${server}-${process.pid}.json`);
    const body: ServerConnection = {
      ...state,
      server,
      pid: process.pid,
      updated_at: new Date(clock.now()).toISOString(),
    };
    writeFileSync(`${file}.tmp`, `${JSON.stringify(body)}\n`, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  } catch {
    // Reporting only: a read-only data dir must not break the connection.
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The connection state of every server still running on this data dir. */
export function runningServers(dataDir: string): ServerConnection[] {
  let names: string[];
  try {
    names = readdirSync(dirOf(dataDir)).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: ServerConnection[] = [];
  for (const name of names) {
    const file = path.join(dirOf(dataDir), name);
    try {
      const s = JSON.parse(readFileSync(file, 'utf8')) as ServerConnection;
      if (typeof s.pid === 'number' && alive(s.pid)) out.push(s);
      // A server that exited: its state is history.
      else rmSync(file, { force: true });
    } catch {
      // A file being replaced or damaged: skip it.
    }
  }
  return out;
}

/** One line per running server, for `tgmcp-read status`. */
export function connectionLine(s: ServerConnection): string {
  const error = s.last_error ? `; last error ${s.last_error.at}: ${s.last_error.message}` : '';
  return `${s.server} (pid ${s.pid}, session ${s.session}): ${s.state} since ${s.since}, ${s.reconnects} reconnect(s)${error}`;
}
