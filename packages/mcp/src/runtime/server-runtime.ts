// What the tools work with: the active session (switchable), the chat allowlist, and the call
// context that turns limiter and flood waits into progress notifications of the current call.
// gramjs (a quarter of a second to load) is imported on first use, after the server is ready.
import { AsyncLocalStorage } from 'node:async_hooks';
import path from 'node:path';
import { type Clock, type Logger, createLogger, systemClock } from '@tgmcp/core';
import type { RateLimitStore, WaitEvent } from '@tgmcp/ratelimit';
import type {
  AuthStatus,
  ConnectOverride,
  ReadScope,
  RequestMetrics,
  SessionSwitcher,
  Telegram,
  TelegramStats,
} from '@tgmcp/telegram';
import { type CallDeadline, withDeadline } from './call-deadline.js';
import { saveConnectionState } from './connection-file.js';
import type { ServerConfig } from './config.js';
import type { ToolExtra } from '../tool/define.js';
import { ToolError } from '../tool/errors.js';

export interface ServerRuntimeOptions {
  config: ServerConfig;
  /** `read` (default) or `actions`: the Telegram client's role at the chokepoint. */
  role?: 'read' | 'actions';
  /** For log lines: `tgmcp-read`, `tgmcp-actions`. */
  name?: string;
  /** Extra options of openTelegram (the actions server's file roots and upload cap). */
  openOptions?: { fileRoots?: string[]; maxUploadMb?: number };
  /** Where to connect instead of Telegram (`--demo`, tests). */
  connect?: ConnectOverride;
  store?: RateLimitStore;
  clock?: Clock;
}

const loadTelegram = () => import('@tgmcp/telegram');

export class ServerRuntime {
  private switcher: Promise<SessionSwitcher<Telegram>> | undefined;
  private readonly calls = new AsyncLocalStorage<ToolExtra>();
  private readonly deadlines = new AsyncLocalStorage<CallDeadline>();
  /** TG_READ_ALLOWED_CHATS, resolved once per process (shared across session switches). */
  private readScope: ReadScope | undefined;
  /** Limiter, flood and breaker state (set with the switcher). */
  private limitStore: RateLimitStore | undefined;
  /** Request latency of the whole process, across session switches (set with the switcher). */
  private metrics: RequestMetrics | undefined;
  /** Tool calls still running: close() lets them finish their cleanup. */
  private readonly running = new Set<Promise<unknown>>();

  /** Log lines of this server (stderr, secrets redacted). */
  readonly log: Logger;

  constructor(private readonly options: ServerRuntimeOptions) {
    this.log = createLogger({ name: this.name });
  }

  /** Loads the Telegram layer in the background (the server is ready before it is). */
  warmUp(): void {
    void loadTelegram().catch(() => undefined);
  }

  /** The session switcher (`tg_list_sessions`, `tg_use_session`), created on first use. */
  sessions(): Promise<SessionSwitcher<Telegram>> {
    this.switcher ??= this.createSwitcher();
    return this.switcher;
  }

  private async createSwitcher(): Promise<SessionSwitcher<Telegram>> {
    const {
      ReadScope,
      SessionSwitcher,
      RequestMetrics,
      createSessionStore,
      migrateSeedSessions,
      openTelegram,
    } = await loadTelegram();
    const metrics = (this.metrics = new RequestMetrics());
    const list = this.config.allowedChats;
    this.readScope = list
      ? new ReadScope(list, {
          onUnresolved: (ref) =>
            this.log.warn(
              `TG_READ_ALLOWED_CHATS: ${JSON.stringify(ref)} does not resolve; ignored`,
            ),
        })
      : undefined;
    const { fileStore } = await import('@tgmcp/ratelimit');
    const { config, connect } = this.options;
    const store = createSessionStore({
      dataDir: config.dataDir,
      lockMode: config.lockMode,
      key: config.sessionKey,
    });
    // The seed's session files (TG_SESSION_PATH, TG_SESSIONS_DIR) are imported once.
    const seed = await migrateSeedSessions(store, config.seedSessions);
    for (const name of seed.imported)
      this.log.info(`imported the seed's session '${name}' into ${store.dir}`);
    for (const s of seed.skipped) this.log.warn(`seed session ${s.file} not imported: ${s.reason}`);
    const limitStore =
      this.options.store ?? fileStore({ dir: path.join(config.dataDir, 'state', 'ratelimit') });
    this.limitStore = limitStore;
    return new SessionSwitcher<Telegram>(
      {
        allow: config.allowSessionSwitch,
        store,
        open: (name, signal) => {
          const credentials = config.credentials;
          if (!credentials)
            throw new ToolError(
              'NOT_CONFIGURED',
              `Telegram is not configured: set TG_API_ID and TG_API_HASH (from my.telegram.org), then run \`${this.name} login\``,
            );
          return openTelegram({
            ...credentials,
            session: name,
            role: this.options.role ?? 'read',
            dataDir: config.dataDir,
            store: limitStore,
            lockMode: config.lockMode,
            sessionKey: config.sessionKey,
            limits: { ...config.limits, maxWaitSec: config.maxWaitSec },
            requestTimeoutSec: config.requestTimeoutSec,
            mediaDir: config.mediaDir,
            maxDownloadMb: config.maxDownloadMb,
            expectedUsername: config.expectedUsername,
            connect,
            proxy: config.proxy,
            readScope: this.readScope,
            ...this.options.openOptions,
            onWait: (e) => this.onWait(e),
            metrics,
            signal,
            health: {
              pingIntervalMs: config.pingIntervalSec * 1000,
              pingTimeoutMs: config.pingTimeoutSec * 1000,
              onChange: (state) =>
                saveConnectionState(config.dataDir, this.name, { session: name, ...state }),
            },
          });
        },
      },
      config.sessionName,
    );
  }

  get name(): string {
    return this.options.name ?? 'tgmcp-read';
  }

  get config(): ServerConfig {
    return this.options.config;
  }

  /**
   * Runs a tool call with its progress channel available to waits deep inside, within the call
   * deadline (TG_CALL_TIMEOUT_SEC): past it the call answers TIMEOUT, never hangs.
   */
  withCall<T>(extra: ToolExtra, fn: () => Promise<T>): Promise<T> {
    const call = this.calls.run(extra, () =>
      withDeadline((deadline) => this.deadlines.run(deadline, fn), {
        timeoutMs: this.config.callTimeoutSec * 1000,
        connection: async () => (await (await this.openSession())?.stats())?.connection,
        note:
          this.options.role === 'actions'
            ? 'A write already sent may still complete or be in doubt: call again with the same request_id for its outcome; it is never sent twice.'
            : undefined,
      }),
    );
    this.running.add(call);
    void call.then(
      () => this.running.delete(call),
      () => this.running.delete(call),
    );
    return call;
  }

  /** Runs `fn` (a person deciding: an elicitation) with the call's deadline stopped. */
  humanWait<T>(fn: () => Promise<T>): Promise<T> {
    const deadline = this.deadlines.getStore();
    return deadline ? deadline.hold(fn) : fn();
  }

  /** Whether the running call's deadline has passed (its answer, TIMEOUT, is already out). */
  callExpired(): boolean {
    return this.deadlines.getStore()?.expired.aborted ?? false;
  }

  private onWait(e: WaitEvent): void {
    const call = this.calls.getStore();
    void call?.progress(
      0,
      undefined,
      `waiting ${Math.ceil(e.seconds)}s (${e.reason}) before ${e.method}`,
    );
    this.log.info(`waiting ${Math.ceil(e.seconds)}s (${e.reason}) before ${e.method}`);
  }

  /** The active session, connected on first use. */
  async telegram(): Promise<Telegram> {
    return (await this.sessions()).current();
  }

  /** The active session if one is open; never connects. */
  async openSession(): Promise<Telegram | undefined> {
    return (await this.sessions()).peek();
  }

  /**
   * Limiter, breaker and flood-wait state. Never connects: with no session open yet (or one that
   * cannot open) the state is read from the store.
   */
  async stats(): Promise<TelegramStats> {
    const switcher = await this.sessions();
    const open = switcher.peek();
    if (open) return open.stats();
    const { offlineStats } = await loadTelegram();
    const { config } = this;
    return offlineStats({
      session: switcher.currentName,
      role: this.options.role ?? 'read',
      dataDir: config.dataDir,
      store: this.limitStore,
      limits: config.limits,
      metrics: this.metrics,
      sessionKey: config.sessionKey,
      readScope: this.readScope,
    });
  }

  async authStatus(): Promise<AuthStatus> {
    const { config } = this;
    const switcher = await this.sessions();
    if (!config.credentials)
      return {
        authorized: false,
        session_name: switcher.currentName,
        session_path: null,
        error: { code: 'NOT_CONFIGURED', message: 'TG_API_ID and TG_API_HASH are not set' },
      };
    // The active session when connected: its account is what the tools use.
    const { authStatus, createSessionStore } = await loadTelegram();
    try {
      const tg = await this.telegram();
      const store = createSessionStore({
        dataDir: config.dataDir,
        lockMode: config.lockMode,
        key: config.sessionKey,
      });
      return {
        authorized: true,
        session_name: tg.sessionName,
        session_path: store.pathOf(tg.sessionName),
        account: {
          id: tg.account.id,
          username: tg.account.username,
          first_name: tg.account.first_name,
        },
      };
    } catch (err) {
      const store = createSessionStore({
        dataDir: config.dataDir,
        lockMode: 'shared',
        key: config.sessionKey,
      });
      // Connecting again would only take another timeout to say the same.
      const code = (err as { code?: unknown }).code;
      if (code === 'SESSION_INVALID' || code === 'CANCELLED')
        return {
          authorized: false,
          session_name: switcher.currentName,
          session_path: store.pathOf(switcher.currentName),
          error: { code, message: (err as Error).message },
        };
      const timeoutMs = config.requestTimeoutSec * 1000;
      return authStatus({
        ...config.credentials,
        sessionName: switcher.currentName,
        store,
        connect: this.options.connect,
        proxy: config.proxy,
        expectedUsername: config.expectedUsername,
        requestTimeoutMs: timeoutMs,
        connectTimeoutMs: timeoutMs,
      });
    }
  }

  /** Strings that must never appear in a tool's output. */
  secrets(): string[] {
    const { credentials, proxy } = this.config;
    const proxySecret = proxy?.kind === 'socks' ? proxy.password : proxy?.secret;
    return [credentials?.apiHash, proxySecret].filter((s): s is string => !!s);
  }

  /**
   * Disconnects (which cancels every request in flight), then gives the cancelled calls up to
   * `settleMs` to finish their cleanup: a download removes its partial file.
   */
  async close(settleMs = 1500): Promise<void> {
    if (this.switcher) await (await this.switcher).close();
    if (this.running.size === 0) return;
    const stop = new AbortController();
    const clock = this.options.clock ?? systemClock;
    await Promise.race([
      Promise.allSettled([...this.running]),
      clock.sleep(settleMs, stop.signal).catch(() => undefined),
    ]);
    stop.abort();
  }
}
