// openTelegram: a protected gramjs client for one session and the typed operations on it. The
// servers and exporters use only this; no gramjs object crosses this boundary.
import path from 'node:path';
import { type Clock, type Random, systemClock } from '@tgmcp/core';
import {
  type CallGuard,
  type CircuitBreaker,
  type FloodMemory,
  type RateLimiter,
  type RateLimitStore,
  type WaitEvent,
  createCallGuard,
  createCircuitBreaker,
  createFloodMemory,
  createRateLimiter,
  memoryStore,
} from '@tgmcp/ratelimit';
import { Api } from 'telegram';
import type { Role } from './chokepoint/methods.js';
import { type RequestEvent, protectClient } from './chokepoint/protect-client.js';
import { type ConnectOverride, createGramClient } from './client/create-client.js';
import type { ProxyConfig } from './config/proxy.js';
import { InvalidInputError } from './errors.js';
import { AccountMismatchError, NotAuthorizedError } from './ops/account-errors.js';
import { countMessages, getChatInfo, getCreationDate, getUser, toPeer } from './ops/chat-info.js';
import type { OpsContext } from './ops/context.js';
import { type GetDialogsOptions, getDialogs } from './ops/dialogs.js';
import { type DownloadMediaOptions, downloadMedia } from './ops/media.js';
import { type IterMessagesOptions, iterMessages } from './ops/messages.js';
import { isFirstContact } from './ops/first-contact.js';
import { type FindSentOptions, findSent } from './ops/find-sent.js';
import { isMember } from './ops/membership.js';
import { normalizeUser } from './ops/normalize-user.js';
import { type IterParticipantsOptions, iterParticipants } from './ops/participants.js';
import {
  type SendFileOptions,
  type SendMessageOptions,
  addMember,
  joinChat,
  removeMember,
  sendFile,
  sendMessage,
} from './ops/writes.js';
import { type PeerHandle, pinnedOf } from './peers/pinned.js';
import { PeerResolver } from './peers/resolve.js';
import { PeerAccess } from './scope/peer-access.js';
import { ReadScope } from './scope/read-scope.js';
import { waitsInScope } from './scope/scoped-waits.js';
import { type LatencyStats, RequestMetrics } from './stats/request-metrics.js';
import { connectWithin } from './client/connect-within.js';
import { lastConnectError } from './client/create-client.js';
import {
  type ConnectionHealth,
  type ConnectionHealthOptions,
  type ConnectionState,
  watchConnection,
} from './health/connection-health.js';
import { checkSessionString } from './sessions/check-string.js';
import type { SessionKey } from './sessions/session-key.js';
import { type SessionLockMode, createSessionStore } from './sessions/store.js';

export interface LimitOptions {
  /** `shared`: the budget lives in `store`; `local`: in this process; `off`: no throttling. */
  mode?: 'shared' | 'local' | 'off';
  rate?: number;
  burst?: number;
  floodCircuitThresholdSec?: number;
  floodCircuitCooldownSec?: number;
  /** Waits longer than this fail with a typed error instead of waiting. Default 60. */
  maxWaitSec?: number;
}

export interface OpenTelegramOptions {
  apiId: number;
  apiHash: string;
  /** A session name in `<dataDir>/sessions`, or `{ string }` for a gramjs string session. */
  session: string | { string: string; name?: string };
  role: Extract<Role, 'read' | 'actions'>;
  /** Absolute data dir (sessions, media, state). */
  dataDir: string;
  /** Where limiter, flood memory and breaker state live (shared across processes). */
  store?: RateLimitStore;
  limits?: LimitOptions;
  lockMode?: SessionLockMode;
  /** Encrypts the session file at rest (config.sessionKey); a plaintext one is migrated. */
  sessionKey?: SessionKey;
  requestTimeoutSec?: number;
  /** Downloads root. Default `<dataDir>/media`. */
  mediaDir?: string;
  maxDownloadMb?: number;
  /** Roots `sendFile` may read from. Default `<dataDir>/outbox`. */
  fileRoots?: string[];
  maxUploadMb?: number;
  /** Refuse to run when the session belongs to another account (`TG_EXPECTED_USERNAME`). */
  expectedUsername?: string;
  connect?: ConnectOverride;
  /** TG_PROXY / TG_MTPROXY (the config's `proxy`); a failure through it is a ProxyError. */
  proxy?: ProxyConfig;
  onWait?: (event: WaitEvent) => void;
  onRequest?: (event: RequestEvent) => void;
  /**
   * Where request latency accumulates. Pass one to keep figures across clients (a server that
   * switches sessions keeps them for its lifetime); default: one for this client.
   */
  metrics?: RequestMetrics;
  /**
   * The read scope (TG_READ_ALLOWED_CHATS): only these chats can be read, by any operation.
   * References are resolved to canonical ids once, on first use; one that names nothing is left
   * out (reported through the ReadScope's `onUnresolved`). Pass one `ReadScope` to every client
   * of a process (session switches) to keep the ids it resolved first. Unset: no scope. The
   * actions role's write path (pinPeer, isMember, isFirstContact, findSent, joinChat, the
   * writes) is outside it: the policy governs writes.
   */
  readScope?: readonly string[] | ReadScope;
  /** Aborting it cancels a connect in progress, or closes the opened client (shutdown). */
  signal?: AbortSignal;
  /** The connection watchdog's ping and backoff (see watchConnection); its clock. */
  health?: Omit<ConnectionHealthOptions, 'clock' | 'lastError'> & { clock?: Clock };
  /**
   * Time for the limiter, flood memory, breaker, timeouts, connect and the watchdog (unless
   * `health.clock`), and the session file's dates. Default: the system clock.
   */
  clock?: Clock;
  /** Send random_ids and temp file names. Default: the system source. */
  random?: Random;
}

export interface TelegramStats {
  session: string;
  account_id: string;
  role: string;
  limiter: Awaited<ReturnType<RateLimiter['stats']>>;
  breaker: Awaited<ReturnType<CircuitBreaker['state']>>;
  flood_waits: Awaited<ReturnType<FloodMemory['active']>>;
  requests: { sent: number; blocked: number; by_method: Record<string, number> };
  /** RPC latency per method and time spent waiting before sends, observed at the chokepoint. */
  latency: LatencyStats;
  /** The connection: up or not, since when, reconnects, the last error. */
  connection: ConnectionState;
}

/** The connection's state when no client is open (stats without connecting). */
export function notConnected(clock: Clock = systemClock): ConnectionState {
  return {
    state: 'disconnected',
    connected: false,
    since: new Date(clock.now()).toISOString(),
    reconnects: 0,
    attempts: 0,
    last_error: null,
    ping_timeouts: 0,
    interrupted: { writes: 0, reads: 0 },
    max_recovery_ms: null,
    last_recovery_ms: null,
  };
}

function limiterParts(
  o: Pick<OpenTelegramOptions, 'limits' | 'store' | 'clock'>,
  accountKey: string,
) {
  const l = o.limits ?? {};
  const clock = o.clock ?? systemClock;
  const shared = o.store ?? memoryStore();
  const local = l.mode === 'local' || l.mode === 'off' ? memoryStore() : shared;
  const off = l.mode === 'off';
  const limiter = createRateLimiter({
    rate: off ? 1e9 : (l.rate ?? 4),
    burst: off ? 1e9 : (l.burst ?? Math.max(1, Math.floor(2 * (l.rate ?? 4)))),
    store: local,
    key: `tg:${accountKey}`,
    clock,
  });
  // Flood waits and the breaker always use the shared store: every process must honour them.
  const flood = createFloodMemory({ store: shared, key: accountKey, clock });
  const breaker = createCircuitBreaker({
    store: shared,
    key: accountKey,
    thresholdSec: l.floodCircuitThresholdSec,
    cooldownSec: l.floodCircuitCooldownSec,
    clock,
  });
  return { limiter, flood, breaker };
}

export interface OfflineStatsOptions extends Pick<
  OpenTelegramOptions,
  'dataDir' | 'store' | 'limits' | 'metrics' | 'sessionKey' | 'readScope' | 'clock'
> {
  session: string;
  role: string;
}

/**
 * The limiter, breaker and flood-wait state of a session's account without connecting (the
 * state lives in the store): stats answer even when the session is damaged or Telegram is down.
 */
export async function offlineStats(o: OfflineStatsOptions): Promise<TelegramStats> {
  let account: string | undefined;
  try {
    account = createSessionStore({
      dataDir: o.dataDir,
      key: o.sessionKey,
      clock: o.clock,
    }).load(o.session).account?.id;
  } catch {
    // No readable session file: its state, if any, is kept under the session's name.
  }
  const { limiter, flood, breaker } = limiterParts(o, account ?? `session:${o.session}`);
  // Without a client the scope cannot be resolved: unless it already was, no chat's wait shows.
  const ids = o.readScope instanceof ReadScope ? o.readScope.ids : undefined;
  const inScope = o.readScope ? (id: string) => ids?.has(id) ?? false : undefined;
  return {
    session: o.session,
    account_id: account ?? '',
    role: o.role,
    limiter: await limiter.stats(),
    breaker: await breaker.state(),
    flood_waits: waitsInScope(await flood.active(), inScope),
    requests: { sent: 0, blocked: 0, by_method: {} },
    latency: (o.metrics ?? new RequestMetrics()).snapshot(),
    connection: notConnected(o.clock),
  };
}

export async function openTelegram(o: OpenTelegramOptions) {
  if (!Number.isInteger(o.apiId) || o.apiId < 1)
    throw new InvalidInputError('apiId', 'must be a positive integer');
  if (typeof o.apiHash !== 'string' || !o.apiHash)
    throw new InvalidInputError('apiHash', 'is required');
  if (o.role !== 'read' && o.role !== 'actions')
    throw new InvalidInputError('role', 'must be "read" or "actions"');
  if (typeof o.dataDir !== 'string' || !path.isAbsolute(o.dataDir))
    throw new InvalidInputError('dataDir', 'must be an absolute path');

  const { clock = systemClock, random } = o;
  const sessions = createSessionStore({
    dataDir: o.dataDir,
    lockMode: o.lockMode,
    key: o.sessionKey,
    clock,
    ...(random ? { random: (n: number) => Buffer.from(random.bytes(n)) } : {}),
  });
  let sessionName: string;
  let sessionString: string;
  let knownAccount: string | undefined;
  let release = () => {};
  if (typeof o.session === 'string') {
    sessionName = o.session;
    const stored = sessions.load(sessionName);
    const handle = sessions.open(sessionName);
    release = () => handle.release();
    sessionString = stored.session;
    knownAccount = stored.account?.id;
  } else {
    sessionName = o.session.name ?? 'string-session';
    sessionString = o.session.string;
  }
  const accountKey = knownAccount ?? `session:${sessionName}`;
  const { limiter, flood, breaker } = limiterParts(o, accountKey);
  const guard: CallGuard = createCallGuard({
    limiter,
    flood,
    breaker,
    maxWaitSec: o.limits?.maxWaitSec ?? 60,
    onWait: o.onWait,
    clock,
  });
  const counts = { sent: 0, blocked: 0, by_method: {} as Record<string, number> };
  const metrics = o.metrics ?? new RequestMetrics();
  const timeoutMs = (o.requestTimeoutSec ?? 60) * 1000;
  let client: ReturnType<typeof createGramClient>;
  try {
    await checkSessionString(sessionName, sessionString);
    client = createGramClient({
      apiId: o.apiId,
      apiHash: o.apiHash,
      session: sessionString,
      connect: o.connect,
      proxy: o.proxy,
    });
  } catch (err) {
    release();
    throw err;
  }
  const protectedClient = protectClient(client, {
    role: o.role,
    guard,
    timeoutMs,
    sessionName,
    onRequest: (e) => {
      counts[e.outcome]++;
      counts.by_method[e.method] = (counts.by_method[e.method] ?? 0) + 1;
      o.onRequest?.(e);
    },
    onTiming: metrics.observe,
    onInterrupted: (method, write) => watch.health?.interrupted(method, write),
    clock,
  });
  // Set once connected; reconnects before that belong to the connect itself.
  const watch: { health?: ConnectionHealth } = {};

  const { writeCapability } = protectedClient;
  let self: Api.User;
  try {
    await connectWithin(client, protectedClient, {
      sessionName,
      timeoutMs,
      clock,
      signal: o.signal,
      proxy: o.proxy,
    });
    // An unauthorized key fails here with SessionRevokedError (AUTH_KEY_UNREGISTERED).
    const me = await client.getMe();
    if (!(me instanceof Api.User)) throw new NotAuthorizedError(sessionName);
    self = me;
    const expected = o.expectedUsername?.replace(/^@+/, '').toLowerCase();
    if (expected && (self.username ?? '').toLowerCase() !== expected)
      throw new AccountMismatchError(
        sessionName,
        expected,
        self.username ?? undefined,
        String(self.id),
      );
  } catch (err) {
    await protectedClient.close().catch(() => undefined);
    release();
    throw err;
  }

  // gramjs reconnects on its own; the watchdog takes over where it gives up or cannot see.
  const health = (watch.health = watchConnection(client, {
    ...o.health,
    clock: o.health?.clock ?? clock,
    lastError: () => lastConnectError(client),
  }));

  const scope =
    o.readScope === undefined || o.readScope instanceof ReadScope
      ? o.readScope
      : new ReadScope(o.readScope);
  const ctx: OpsContext = {
    client,
    peers: new PeerAccess(new PeerResolver(client), scope, o.role === 'actions'),
    self,
    mediaDir: path.resolve(o.mediaDir ?? path.join(o.dataDir, 'media')),
    maxDownloadBytes: (o.maxDownloadMb ?? 50) * 1024 * 1024,
    fileRoots: (o.fileRoots ?? [path.join(o.dataDir, 'outbox')]).map((r) => path.resolve(r)),
    maxUploadBytes: (o.maxUploadMb ?? 20) * 1024 * 1024,
    // Sessions, policy state and the audit trail are never sent (by path or by inode), even
    // when a file root is set to contain them or a hard link names them.
    deniedDirs: [sessions.dir, path.join(o.dataDir, 'state'), path.join(o.dataDir, 'audit')],
    clock,
    random,
  };
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    health.stop();
    try {
      // Cancels what is in flight (downloads clean up), then disconnects every sender.
      await protectedClient.close();
    } finally {
      release();
    }
  };
  o.signal?.addEventListener('abort', () => void close(), { once: true });

  return {
    sessionName,
    role: o.role,
    account: normalizeUser(self),
    /** Only for the actions role: hand it to the policy executor and to nothing else. */
    writeCapability: writeCapability,
    // Reads: with a read scope, a chat outside it and a reference that names nothing are the
    // same ChatNotAllowedError naming `field` (the caller's parameter name).
    /** What a reference names (who is this?): people always; chats only inside the read scope. */
    resolvePeer: async (ref: unknown, field = 'chat') => toPeer(await ctx.peers.peer(ref, field)),
    /** A chat to read from: inside the read scope (a person's private chat too). */
    resolveChat: async (ref: unknown, field = 'chat') => toPeer(await ctx.peers.chat(ref, field)),
    /**
     * Resolves once and pins id + access hash: what the write operations take. Write path: the
     * read scope does not apply for the actions role (for the read role it does, as resolvePeer).
     */
    pinPeer: async (ref: unknown, field = 'chat') =>
      pinnedOf(await ctx.peers.forWrite(ref, field, 'peer')),
    getChatInfo: (ref: unknown, field?: string) => getChatInfo(ctx, ref, field),
    /** Any person; a chat reference only inside the read scope (then INVALID_INPUT: not a user). */
    getUser: (ref: unknown, field?: string) => getUser(ctx, ref, field),
    /** Only chats inside the read scope are listed (the limit counts those). */
    getDialogs: (options?: GetDialogsOptions) => getDialogs(ctx, options),
    iterMessages: (ref: unknown, options?: IterMessagesOptions) => iterMessages(ctx, ref, options),
    countMessages: (ref: unknown, field?: string) => countMessages(ctx, ref, field),
    getCreationDate: (ref: unknown, field?: string) => getCreationDate(ctx, ref, field),
    iterParticipants: (ref: unknown, options?: IterParticipantsOptions) =>
      iterParticipants(ctx, ref, options),
    downloadMedia: (ref: unknown, messageId: number, options?: DownloadMediaOptions) =>
      downloadMedia(ctx, ref, messageId, options),
    sendMessage: (peer: PeerHandle, text: string, options?: SendMessageOptions) =>
      sendMessage(ctx, peer, text, options),
    sendFile: (peer: PeerHandle, filePath: string, options?: SendFileOptions) =>
      sendFile(ctx, peer, filePath, options),
    addMember: (chat: PeerHandle, user: PeerHandle) => addMember(ctx, chat, user),
    removeMember: (chat: PeerHandle, user: PeerHandle) => removeMember(ctx, chat, user),
    joinChat: (ref: unknown) => joinChat(ctx, ref),
    /** Write path (settling adds and removals): outside the read scope for the actions role. */
    isMember: (chat: unknown, user: unknown) => isMember(ctx, chat, user),
    /** A DM to `peer` would be the first (true also when the lookup fails: fail closed). */
    isFirstContact: (peer: PeerHandle) => isFirstContact(ctx, peer),
    /** A send left in doubt: the message of ours with this text since then, if it arrived. */
    findSent: (peer: PeerHandle, options: FindSentOptions) => findSent(ctx, peer, options),
    /** Slowmode waits of chats outside the read scope are left out. */
    async stats(): Promise<TelegramStats> {
      // A scope that cannot be resolved now (Telegram unreachable) hides every chat's wait.
      const inScope = await ctx.peers.filter().catch(() => () => false);
      return {
        session: sessionName,
        account_id: String(self.id),
        role: o.role,
        limiter: await limiter.stats(),
        breaker: await breaker.state(),
        flood_waits: waitsInScope(await flood.active(), inScope),
        requests: { ...counts, by_method: { ...counts.by_method } },
        latency: metrics.snapshot(),
        connection: health.state(),
      };
    },
    close,
  };
}

export type Telegram = Awaited<ReturnType<typeof openTelegram>>;
