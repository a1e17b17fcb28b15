// The one chokepoint: every request any sender of a gramjs client sends (invoke, iterator pages,
// upload and download parts, cross-DC authorization, connect) passes role guard -> breaker ->
// flood memory -> rate limiter (the CallGuard of @tgmcp/ratelimit) -> timeout -> gramjs.
// gramjs sends through MTProtoSender.send / addStateToQueue on several sender instances, some
// created lazily (other DCs); each instance is wrapped as the client creates it. Every request
// and every connect of another DC's sender is timed; close() cancels whatever is in flight.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type Clock, systemClock } from '@tgmcp/core';
import type { CallGuard } from '@tgmcp/ratelimit';
import type { TelegramClient } from 'telegram';
import {
  RequestCancelledError,
  RequestTimeoutError,
  SessionInvalidError,
  SessionRevokedError,
  WriteBlockedError,
} from '../errors.js';
import { hasMethods, internalsChanged } from '../client/gramjs-internals.js';
import type { TimingEvent } from '../stats/request-metrics.js';
import { boundExportedSenders } from './exported-senders.js';
import { type ReconnectingSender, guardResends } from './resend-guard.js';
import {
  LOGIN_METHODS,
  READ_METHODS,
  type Role,
  SERVICE_METHODS,
  WRAPPERS,
  WRITE_METHODS,
} from './methods.js';
import { currentPriority } from './priority.js';

/**
 * Takes a request gramjs will never see answered (timed out, cancelled) off its sender, so it is
 * neither resent after a reconnect nor reported as hanging when the sender is released.
 */
function forget(sender: SenderLike, request: TlRequest): void {
  const queue = sender._sendQueue?._queue;
  if (queue) sender._sendQueue!._queue = queue.filter((st) => st?.request !== request);
  for (const st of sender._pendingState?.values() ?? [])
    if (st.request === request && st.msgId !== undefined) sender._pendingState!.delete(st.msgId);
}

/** gramjs longs are big-integer objects; their toString() is the number. */
interface Long {
  toString(): string;
}

interface TlRequest {
  className: string;
  query?: TlRequest;
  peer?: { className?: string; channelId?: Long; chatId?: Long; userId?: Long };
  channel?: { channelId?: Long };
}

interface RequestStateLike {
  request: TlRequest;
  msgId?: unknown;
  resolve: (value: unknown) => void;
  reject: (reason?: unknown) => void;
}

/** gramjs's MTProtoSender as the chokepoint sees it (most of these members are private there). */
interface SenderLike {
  send(request: TlRequest): Promise<unknown>;
  addStateToQueue(state: RequestStateLike): void;
  _isMainSender?: boolean;
  _handleBadAuthKey?(shouldSkipForMain?: boolean): void;
  _pendingState?: { values(): RequestStateLike[]; delete(msgId: unknown): void };
  _sendQueue?: { _queue?: Array<RequestStateLike | undefined> };
}

const SENDER_METHODS = ['send', 'addStateToQueue'];
const isSenderLike = (s: unknown): s is SenderLike => hasMethods(s, ...SENDER_METHODS);

export interface RequestEvent {
  method: string;
  outcome: 'sent' | 'blocked';
}

export interface ProtectOptions {
  role: Role;
  /** Breaker, flood memory, quota and limiter, shared per account (see @tgmcp/ratelimit). */
  guard: CallGuard;
  /** Per-request timeout. Default 60 s (`TG_REQUEST_TIMEOUT_SEC`). */
  timeoutMs?: number;
  clock?: Clock;
  /** Observes every request at the chokepoint (tests count them; servers keep stats). */
  onRequest?: (event: RequestEvent) => void;
  /** Times every request at the chokepoint: its RPC time and how long it waited to be sent. */
  onTiming?: (event: TimingEvent) => void;
  /** The session's name, for errors that tell the person what to do. */
  sessionName?: string;
  /** Told of each request a reconnect failed (a write in doubt, a read interrupted twice). */
  onInterrupted?: (method: string, write: boolean) => void;
}

const REVOKED = new Set(['AUTH_KEY_UNREGISTERED', 'AUTH_KEY_DUPLICATED']);

/** Runs writes: the only way a write request of the actions role reaches Telegram. */
export class WriteCapability {
  /** @internal */
  constructor(private readonly storage: AsyncLocalStorage<WriteCapability>) {}
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.storage.run(this, fn);
  }
}

export interface ProtectedClient {
  client: TelegramClient;
  /** Present for the actions role only: hand it to the policy executor, and to nothing else. */
  writeCapability: WriteCapability | undefined;
  /**
   * Runs `work` (a connect, say) within the request timeout; rejects with RequestCancelledError
   * when the client closes, and with SessionInvalidError once the DC has refused the key.
   */
  timed<T>(label: string, work: () => Promise<T>): Promise<T>;
  /** Whether the session's DC has answered that it does not know the session's key. */
  readonly keyRejected: boolean;
  /**
   * Cancels every request in flight (their callers get RequestCancelledError), refuses new ones,
   * and disconnects every sender, waiting at most `waitMs` (default 2 s) for the sockets.
   */
  close(waitMs?: number): Promise<void>;
}

/** Pings keep the connection alive: role-checked and timed, but never throttled or blocked. */
const KEEPALIVE: ReadonlySet<string> = new Set(['Ping', 'PingDelayDisconnect']);

export function innerMethod(request: TlRequest): string {
  let r = request;
  while (WRAPPERS.has(r.className) && r.query) r = r.query;
  return r.className;
}

function chatOf(request: TlRequest): string | undefined {
  let r = request;
  while (WRAPPERS.has(r.className) && r.query) r = r.query;
  const p = r.peer ?? (r.channel ? { channelId: r.channel.channelId } : undefined);
  if (p?.channelId !== undefined) return `channel:${String(p.channelId)}`;
  if (p?.chatId !== undefined) return `chat:${String(p.chatId)}`;
  if (p?.userId !== undefined) return `user:${String(p.userId)}`;
  return undefined;
}

export function protectClient(client: TelegramClient, options: ProtectOptions): ProtectedClient {
  const { role, guard, onRequest, onTiming } = options;
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const storage = new AsyncLocalStorage<WriteCapability>();
  const capability = role === 'actions' ? new WriteCapability(storage) : undefined;
  const wrapped = new WeakSet<object>();
  /** Rejecters of everything in flight: close() and a refused key end them at once. */
  const inflight = new Map<(err: Error) => void, string>();
  let closed = false;
  let keyRejected = false;
  const sessionInvalid = () =>
    new SessionInvalidError(
      options.sessionName ?? 'default',
      "Telegram's data centre does not know its auth key (the stored string is damaged, truncated or from elsewhere)",
    );

  function rejectKey(): void {
    if (keyRejected) return;
    keyRejected = true;
    for (const cancel of [...inflight.keys()]) cancel(sessionInvalid());
  }

  function check(method: string): void {
    if (SERVICE_METHODS.has(method) || KEEPALIVE.has(method)) return;
    if (READ_METHODS.has(method)) return;
    if (role === 'login' && LOGIN_METHODS.has(method)) return;
    if (role === 'actions' && WRITE_METHODS.has(method)) {
      if (capability && storage.getStore() === capability) return;
      throw new WriteBlockedError(method, role, 'writes pass only through the policy executor');
    }
    throw new WriteBlockedError(method, role, 'not an allowed method for this role');
  }

  async function withTimeout<T>(method: string, work: () => Promise<T>): Promise<T> {
    if (closed) throw new RequestCancelledError(method);
    if (keyRejected) throw sessionInvalid();
    const controller = new AbortController();
    const timer = clock.sleep(timeoutMs, controller.signal).then(
      () => Promise.reject(new RequestTimeoutError(method, timeoutMs)),
      // Aborted once the race is over: nothing waits for it any more.
      () => new Promise<never>(() => undefined),
    );
    let cancel!: (err: Error) => void;
    const cancelled = new Promise<never>((_, reject) => (cancel = reject));
    inflight.set(cancel, method);
    try {
      return await Promise.race([work(), timer, cancelled]);
    } finally {
      inflight.delete(cancel);
      controller.abort();
    }
  }

  async function pass<T>(
    request: TlRequest,
    send: () => Promise<T>,
    onGiveUp?: () => void,
  ): Promise<T> {
    const method = innerMethod(request);
    try {
      check(method);
    } catch (err) {
      onRequest?.({ method, outcome: 'blocked' });
      throw err;
    }
    // Waits end when an attempt starts: the first after the guard's throttling, later ones after
    // a flood answer. `ready` is when the request was last able to go.
    let ready = clock.now();
    let attempts = 0;
    const attempt = async () => {
      const start = clock.now();
      if (!KEEPALIVE.has(method))
        onTiming?.({ kind: attempts ? 'flood_wait' : 'throttle', method, ms: start - ready });
      attempts++;
      onRequest?.({ method, outcome: 'sent' });
      let ok = false;
      try {
        const result = await withTimeout(method, send);
        ok = true;
        return result;
      } catch (err) {
        if (
          err instanceof RequestTimeoutError ||
          err instanceof RequestCancelledError ||
          err instanceof SessionInvalidError
        )
          onGiveUp?.();
        throw err;
      } finally {
        ready = clock.now();
        onTiming?.({ kind: 'rpc', method, ms: ready - start, ok });
      }
    };
    try {
      if (KEEPALIVE.has(method)) return await attempt();
      return await guard.run(
        { method, chat: chatOf(request), priority: currentPriority() },
        attempt,
      );
    } catch (err) {
      // A revoked key is final: say what to do instead of retrying (retries make it worse).
      const message = (err as { errorMessage?: unknown }).errorMessage;
      if (typeof message === 'string' && REVOKED.has(message)) {
        throw new SessionRevokedError(
          options.sessionName ?? 'default',
          message as 'AUTH_KEY_UNREGISTERED',
          { cause: err },
        );
      }
      throw err;
    }
  }

  function wrapSender<S>(sender: S): S {
    if (sender === undefined || sender === null) return sender;
    // A sender the chokepoint cannot wrap would send unguarded: refuse it (fail closed).
    if (!isSenderLike(sender)) throw internalsChanged('sender', SENDER_METHODS);
    const s: SenderLike = sender;
    if (wrapped.has(s)) return sender;
    wrapped.add(s);
    const send = s.send.bind(s);
    const enqueue = s.addStateToQueue.bind(s);
    s.send = (request) =>
      pass(
        request,
        () => send(request),
        () => forget(s, request),
      );
    s.addStateToQueue = (state) => {
      const { resolve, reject } = state;
      // The sender settles the state with these; the guard sees each attempt's outcome.
      pass(
        state.request,
        () =>
          new Promise((res, rej) => {
            state.resolve = res;
            state.reject = rej;
            enqueue(state);
          }),
        () => forget(s, state.request),
      ).then(resolve, reject);
    };
    // At a reconnect: sent writes fail in doubt (never resent blindly), reads resend once.
    guardResends(s as ReconnectingSender, { onInterrupted: options.onInterrupted });
    // -404 under the session's own key (the main sender, or the home DC's download sender): the
    // DC does not know the key. gramjs then waits forever; every call fails now instead.
    const handleBadAuthKey = s._handleBadAuthKey?.bind(s);
    if (handleBadAuthKey)
      s._handleBadAuthKey = (shouldSkipForMain = false) => {
        if (!shouldSkipForMain && s._isMainSender) rejectKey();
        handleBadAuthKey(shouldSkipForMain);
      };
    return sender;
  }

  // The main sender is assigned in connect() (and again after some reconnects): wrap on assignment.
  let mainSender = wrapSender(client._sender);
  Object.defineProperty(client, '_sender', {
    configurable: true,
    enumerable: true,
    get: () => mainSender,
    set: (value: typeof mainSender) => {
      mainSender = wrapSender(value);
    },
  });
  const createExported = client._createExportedSender.bind(client);
  client._createExportedSender = (dcId: number) => wrapSender(createExported(dcId));
  const exported = boundExportedSenders(client, { timed: withTimeout, clock });

  return {
    client,
    writeCapability: capability,
    timed: withTimeout,
    get keyRejected() {
      return keyRejected;
    },
    async close(waitMs = 2000) {
      if (closed) return;
      closed = true;
      for (const [cancel, method] of [...inflight]) cancel(new RequestCancelledError(method));
      // gramjs's connect() keeps retrying a dead DC `connectionRetries` times: none left.
      const main = mainSender as { _retries?: number } | undefined;
      if (main) main._retries = 0;
      const stop = new AbortController();
      await Promise.race([
        Promise.allSettled([exported.closeAll(), client.destroy()]),
        clock.sleep(waitMs, stop.signal).catch(() => undefined),
      ]);
      stop.abort();
    },
  };
}
