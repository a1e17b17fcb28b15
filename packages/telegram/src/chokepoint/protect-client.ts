// The one chokepoint: every request any sender of a gramjs client sends (invoke, iterator pages,
// upload and download parts, cross-DC authorization, connect) passes role guard -> breaker ->
// flood memory -> rate limiter (the CallGuard of @tgmcp/ratelimit) -> timeout -> gramjs.
// gramjs sends through MTProtoSender.send / addStateToQueue on several sender instances, some
// created lazily (other DCs); each instance is wrapped as the client creates it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type CallGuard, type Clock, systemClock } from '@tgmcp/ratelimit';
import type { TelegramClient } from 'telegram';
import { RequestTimeoutError, SessionRevokedError, WriteBlockedError } from '../errors.js';
import {
  LOGIN_METHODS,
  READ_METHODS,
  type Role,
  SERVICE_METHODS,
  WRAPPERS,
  WRITE_METHODS,
} from './methods.js';

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
  resolve: (value: unknown) => void;
  reject: (reason?: unknown) => void;
}

interface SenderLike {
  send(request: TlRequest): Promise<unknown>;
  addStateToQueue(state: RequestStateLike): void;
}

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
  /** The session's name, for errors that tell the person what to do. */
  sessionName?: string;
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
  const { role, guard, onRequest } = options;
  const clock = options.clock ?? systemClock;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const storage = new AsyncLocalStorage<WriteCapability>();
  const capability = role === 'actions' ? new WriteCapability(storage) : undefined;
  const wrapped = new WeakSet<object>();

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
    const controller = new AbortController();
    const timer = clock.sleep(timeoutMs, controller.signal).then(
      () => Promise.reject(new RequestTimeoutError(method, timeoutMs)),
      () => undefined as never,
    );
    try {
      return await Promise.race([work(), timer]);
    } finally {
      controller.abort();
    }
  }

  async function pass<T>(request: TlRequest, send: () => Promise<T>): Promise<T> {
    const method = innerMethod(request);
    try {
      check(method);
    } catch (err) {
      onRequest?.({ method, outcome: 'blocked' });
      throw err;
    }
    const attempt = () => {
      onRequest?.({ method, outcome: 'sent' });
      return withTimeout(method, send);
    };
    try {
      if (KEEPALIVE.has(method)) return await attempt();
      return await guard.run({ method, chat: chatOf(request) }, attempt);
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
    const s = sender as unknown as SenderLike;
    if (!s || wrapped.has(s)) return sender;
    wrapped.add(s);
    const send = s.send.bind(s);
    const enqueue = s.addStateToQueue.bind(s);
    s.send = (request) => pass(request, () => send(request));
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
      ).then(resolve, reject);
    };
    return sender;
  }

  // The main sender is assigned in connect() (and again after some reconnects): wrap on assignment.
  const c = client as unknown as {
    _sender?: unknown;
    _createExportedSender(dcId: number): unknown;
  };
  let mainSender = wrapSender(c._sender);
  Object.defineProperty(c, '_sender', {
    configurable: true,
    enumerable: true,
    get: () => mainSender,
    set: (value: unknown) => {
      mainSender = wrapSender(value);
    },
  });
  const createExported = c._createExportedSender.bind(c);
  c._createExportedSender = (dcId: number) => wrapSender(createExported(dcId));

  return { client, writeCapability: capability };
}
