// Sessions on disk: <dataDir>/sessions/<name>.session, dir 0700, files 0600 (tightened, with a
// warning, when found looser), written atomically (temp file, fsync, rename), never half-written.
import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { InvalidInputError } from '../errors.js';
import { acquireSessionLock } from './lock.js';
import { validateSessionName } from './names.js';

export type SessionLockMode = 'shared' | 'exclusive';

export interface StoredSession {
  version: 1;
  /** A gramjs StringSession string (DC, address, port, auth key). Secret. */
  session: string;
  /** Where it came from: `login`, `gramjs-string`, `telethon-sqlite`. */
  source: string;
  account?: { id: string; username?: string };
  updatedAt: string;
}

export interface SessionStoreOptions {
  /** The installation's data dir (absolute). */
  dataDir: string;
  lockMode?: SessionLockMode;
  onWarning?: (message: string) => void;
}

export interface SessionStore {
  readonly dir: string;
  readonly lockMode: SessionLockMode;
  list(): string[];
  exists(name: string): boolean;
  pathOf(name: string): string;
  load(name: string): StoredSession;
  save(name: string, session: Omit<StoredSession, 'version' | 'updatedAt'>): void;
  /** Takes the session for this process: exclusive mode locks it, shared mode does nothing. */
  open(name: string): { release(): void };
}

export function createSessionStore(options: SessionStoreOptions): SessionStore {
  if (typeof options.dataDir !== 'string' || !path.isAbsolute(options.dataDir)) {
    throw new InvalidInputError(
      'dataDir',
      `must be an absolute path, got ${JSON.stringify(options.dataDir)}`,
    );
  }
  const lockMode = options.lockMode ?? 'shared';
  if (lockMode !== 'shared' && lockMode !== 'exclusive') {
    throw new InvalidInputError(
      'TG_SESSION_LOCK_MODE',
      `must be "shared" or "exclusive", got ${JSON.stringify(lockMode)}`,
    );
  }
  const warn = options.onWarning ?? ((m: string) => console.warn(`[@tgmcp/telegram] ${m}`));
  const dir = path.join(options.dataDir, 'sessions');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const tighten = (p: string, mode: number) => {
    const current = statSync(p).mode & 0o777;
    if ((current & ~mode) !== 0) {
      chmodSync(p, mode);
      warn(`${p} had permissions ${current.toString(8)}; set them to ${mode.toString(8)}`);
    }
  };
  tighten(dir, 0o700);
  const pathOf = (name: string) => path.join(dir, `${validateSessionName(name)}.session`);

  return {
    dir,
    lockMode,
    pathOf,
    list() {
      return readdirSync(dir)
        .filter((f) => f.endsWith('.session'))
        .map((f) => f.slice(0, -'.session'.length))
        .filter((n) => {
          try {
            validateSessionName(n);
            return true;
          } catch {
            return false;
          }
        })
        .sort();
    },
    exists(name) {
      try {
        return statSync(pathOf(name)).isFile();
      } catch {
        return false;
      }
    },
    load(name) {
      const file = pathOf(name);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        throw new InvalidInputError('session_name', `session '${name}' not found in ${dir}`);
      }
      tighten(file, 0o600);
      let data: Partial<StoredSession>;
      try {
        data = JSON.parse(text) as Partial<StoredSession>;
      } catch {
        throw new InvalidInputError(
          'session_name',
          `session file of '${name}' is not valid JSON (import it again)`,
        );
      }
      if (data.version !== 1 || typeof data.session !== 'string' || !data.session) {
        throw new InvalidInputError(
          'session_name',
          `session file of '${name}' has an unknown format (import it again)`,
        );
      }
      return data as StoredSession;
    },
    save(name, session) {
      const file = pathOf(name);
      const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
      const data: StoredSession = { version: 1, ...session, updatedAt: new Date().toISOString() };
      const fd = openSync(tmp, 'wx', 0o600);
      try {
        writeSync(fd, JSON.stringify(data));
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(tmp, file);
      const d = openSync(dir, 'r');
      try {
        fsyncSync(d);
      } finally {
        closeSync(d);
      }
    },
    open(name) {
      const file = pathOf(name);
      if (lockMode === 'shared') return { release() {} };
      return { release: acquireSessionLock(`${file}.lock`, name, warn) };
    },
  };
}
