// tg_use_session: switch the active session only when TG_ALLOW_SESSION_SWITCH is on, only to a
// session in the store, and only after the new one connected and passed its checks (the seed
// dropped the working client first and could end with none).
import { TelegramError } from '../errors.js';
import type { UserInfo } from '../ops/types.js';
import { validateSessionName } from './names.js';
import type { SessionStore } from './store.js';

export class SessionSwitchDisabledError extends TelegramError {
  readonly code = 'SESSION_SWITCH_DISABLED';
  constructor() {
    super('Switching sessions is disabled; set TG_ALLOW_SESSION_SWITCH=1 to allow it');
    this.name = 'SessionSwitchDisabledError';
  }
}

export class SessionNotFoundError extends TelegramError {
  readonly code = 'SESSION_NOT_FOUND';
  readonly field = 'session_name';
  constructor(name: string, dir: string) {
    super(`Session '${name}' not found in ${dir}; see tg_list_sessions`);
    this.name = 'SessionNotFoundError';
  }
}

interface Switchable {
  sessionName: string;
  account: UserInfo;
  close(): Promise<void>;
}

export interface SessionSwitcherOptions<T extends Switchable> {
  allow: boolean;
  store: SessionStore;
  /** Opens (connects and checks) a session by name; `signal` aborts on close(). */
  open: (name: string, signal: AbortSignal) => Promise<T>;
}

export class SessionSwitcher<T extends Switchable> {
  private active: T | undefined;
  private opening: Promise<T> | undefined;
  /** Aborted by close(): a connect still in progress stops, and a late one closes itself. */
  private readonly closing = new AbortController();

  constructor(
    private readonly options: SessionSwitcherOptions<T>,
    private readonly initialName: string,
  ) {}

  /** The active session, opened on first use. */
  async current(): Promise<T> {
    if (this.active) return this.active;
    this.opening ??= this.options.open(this.initialName, this.closing.signal).finally(() => {
      this.opening = undefined;
    });
    this.active = await this.opening;
    return this.active;
  }

  /** The active session if one is open; never connects (stats must answer without Telegram). */
  peek(): T | undefined {
    return this.active;
  }

  /** The name in use (or that will be opened first). */
  get currentName(): string {
    return this.active?.sessionName ?? this.initialName;
  }

  list(): { sessions: string[]; current: string } {
    return { sessions: this.options.store.list(), current: this.currentName };
  }

  async use(name: string): Promise<{ switched_to: string; account: UserInfo }> {
    if (!this.options.allow) throw new SessionSwitchDisabledError();
    validateSessionName(name);
    if (!this.options.store.exists(name))
      throw new SessionNotFoundError(name, this.options.store.dir);
    if (this.active?.sessionName === name)
      return { switched_to: name, account: this.active.account };
    const next = await this.options.open(name, this.closing.signal);
    const previous = this.active;
    this.active = next;
    await previous?.close();
    return { switched_to: name, account: next.account };
  }

  async close(): Promise<void> {
    this.closing.abort();
    const a = this.active;
    this.active = undefined;
    const opening = this.opening;
    await Promise.allSettled([a?.close(), opening?.then((t) => t.close())]);
  }
}
