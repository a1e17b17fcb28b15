// The connection's health, watched beside gramjs. gramjs reconnects by itself when a socket
// breaks (MTProtoSender.reconnect: 1 s pause, then connectionRetries attempts retryDelay apart)
// and pings every 9 s (PingDelayDisconnect, 3 x 10 s before it reconnects). Where that falls
// short this watchdog acts: after gramjs's last attempt fails the sender stays dead for good
// (no loop, every request hangs), so we reconnect it with bounded exponential backoff and
// jitter; and a half-open connection is found by our own ping with a bound (on the injected
// clock), faster than gramjs's ~40 s. It also keeps the state the stats report.
import { type Clock, randomFraction, systemRandom } from '@tgmcp/core';
import { Api } from 'telegram';
import type { TelegramClient } from 'telegram';
import { returnBigInt } from 'telegram/Helpers.js';
import { hasMethods, internalsChanged } from '../client/gramjs-internals.js';

export type ConnectionPhase = 'connected' | 'reconnecting' | 'disconnected' | 'closed';

export interface ConnectionState {
  state: ConnectionPhase;
  connected: boolean;
  /** When the state last changed (ISO). */
  since: string;
  /** Reconnects that succeeded (gramjs's own and ours). */
  reconnects: number;
  /** Our attempts since the connection was last up (0 while connected). */
  attempts: number;
  last_error: { message: string; at: string } | null;
  /** Pings of ours that got no answer within the bound (each made us reconnect). */
  ping_timeouts: number;
  /** Requests a reconnect failed: writes left in doubt, reads interrupted twice. */
  interrupted: { writes: number; reads: number };
  /** Longest time from losing the connection to having it back (ms), and the last one. */
  max_recovery_ms: number | null;
  last_recovery_ms: number | null;
}

export interface ConnectionHealthOptions {
  clock: Clock;
  /** [0, 1): the jitter. Default: @tgmcp/core's systemRandom. */
  random?: () => number;
  /** How often the watchdog looks at the sender. Default 250 ms. */
  checkMs?: number;
  /** Our ping's interval and its bound. Defaults 15 s and 10 s. */
  pingIntervalMs?: number;
  pingTimeoutMs?: number;
  /** Backoff between our reconnect attempts: base * 2^n, at most maxMs, times 0.5-1 (jitter). */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** The last error gramjs reported (connect failures). */
  lastError?: () => unknown;
  /** Told of every change of state (e.g. to keep it where `tgmcp-read status` can read it). */
  onChange?: (state: ConnectionState) => void;
}

/** gramjs's MTProtoSender as the watchdog sees it (several of these members are private there). */
interface SenderLike {
  isReconnecting?: boolean;
  isConnecting?: boolean;
  userDisconnected?: boolean;
  _userConnected?: boolean;
  _connection?: object;
  _retries?: number;
  _autoReconnectCallback?: (() => Promise<void>) | null;
  reconnect(): void;
  _reconnect(): Promise<void>;
  send(request: unknown): Promise<unknown>;
}

const SENDER_METHODS = ['reconnect', '_reconnect', 'send'];
const isSenderLike = (s: unknown): s is SenderLike => hasMethods(s, ...SENDER_METHODS);

export interface ConnectionHealth {
  state(): ConnectionState;
  /** Counts a request a reconnect failed (the resend guard calls it). */
  interrupted(method: string, write: boolean): void;
  stop(): void;
}

/** Delay before our attempt `n` (0-based): exponential, bounded, with jitter in [0.5, 1]. */
export function backoffMs(n: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(n, 30));
  return Math.round(ceiling * (0.5 + 0.5 * random()));
}

const messageOf = (err: unknown) =>
  err instanceof Error ? err.message : typeof err === 'string' ? err : String(err);

export function watchConnection(
  client: TelegramClient,
  o: ConnectionHealthOptions,
): ConnectionHealth {
  const { clock } = o;
  const random = o.random ?? (() => randomFraction(systemRandom));
  const checkMs = o.checkMs ?? 250;
  const pingIntervalMs = o.pingIntervalMs ?? 15_000;
  const pingTimeoutMs = o.pingTimeoutMs ?? 10_000;
  const baseMs = o.backoffBaseMs ?? 500;
  const maxMs = o.backoffMaxMs ?? 3_000;
  // The main sender, read each time: gramjs replaces it on some reconnects.
  const mainSender = (): SenderLike | undefined => {
    const sender = client._sender;
    if (sender === undefined || isSenderLike(sender)) return sender;
    throw internalsChanged('sender', SENDER_METHODS);
  };
  const stop = new AbortController();
  const iso = (ms: number) => new Date(ms).toISOString();

  let phase: ConnectionPhase = 'connected';
  let since = clock.now();
  let reconnects = 0;
  let attempts = 0;
  let nextAttemptAt = 0;
  let lostAt: number | undefined;
  let lastError: { message: string; at: string } | null = null;
  let seenError: unknown;
  let pingTimeouts = 0;
  let lastPingAt = clock.now();
  let pinging = false;
  let connection = mainSender()?._connection;
  let maxRecovery: number | null = null;
  let lastRecovery: number | null = null;
  const interrupted = { writes: 0, reads: 0 };

  const snapshot = (): ConnectionState => ({
    state: phase,
    connected: phase === 'connected',
    since: iso(since),
    reconnects,
    attempts,
    last_error: lastError,
    ping_timeouts: pingTimeouts,
    interrupted: { ...interrupted },
    max_recovery_ms: maxRecovery,
    last_recovery_ms: lastRecovery,
  });

  const set = (next: ConnectionPhase) => {
    if (next === phase) return;
    const now = clock.now();
    if (next === 'connected' && lostAt !== undefined) {
      lastRecovery = now - lostAt;
      maxRecovery = Math.max(maxRecovery ?? 0, lastRecovery);
      lostAt = undefined;
    }
    if (phase === 'connected') lostAt = now;
    phase = next;
    since = now;
    o.onChange?.(snapshot());
  };
  const noteError = (message: string) => {
    lastError = { message, at: iso(clock.now()) };
  };

  async function ping(sender: SenderLike): Promise<void> {
    pinging = true;
    lastPingAt = clock.now();
    const bound = new AbortController();
    try {
      const answered = await Promise.race([
        sender.send(new Api.Ping({ pingId: returnBigInt(Math.floor(random() * 2 ** 52)) })).then(
          () => true,
          () => true,
        ),
        clock.sleep(pingTimeoutMs, bound.signal).then(
          () => false,
          () => true,
        ),
      ]);
      // Only a connection still the one we pinged is half-open; a reconnect meanwhile is news.
      if (!answered && !stop.signal.aborted && sender === mainSender() && !sender.isReconnecting) {
        pingTimeouts++;
        noteError(`no answer to a ping within ${pingTimeoutMs} ms`);
        set('reconnecting');
        sender.reconnect();
      }
    } finally {
      bound.abort();
      pinging = false;
    }
  }

  const quieted = new WeakSet<SenderLike>();
  /**
   * gramjs runs its reconnect callback (a getMe) even after a failed reconnect, and awaits it:
   * with no connection that waits for the request timeout. Only after a success, and unawaited.
   */
  function quiet(sender: SenderLike): void {
    if (quieted.has(sender)) return;
    quieted.add(sender);
    const callback = sender._autoReconnectCallback;
    if (!callback) return;
    sender._autoReconnectCallback = () => {
      if (sender._userConnected) void callback().catch(() => undefined);
      return Promise.resolve();
    };
  }

  async function attempt(sender: SenderLike): Promise<void> {
    attempts++;
    quiet(sender);
    // One try per attempt: the pauses between tries are ours (backoff with jitter).
    const retries = sender._retries;
    sender._retries = 1;
    sender.isReconnecting = true;
    try {
      await sender._reconnect();
    } catch (err) {
      noteError(messageOf(err));
    } finally {
      if (sender._retries === 1) sender._retries = retries;
      sender.isReconnecting = false;
    }
    if (!sender._userConnected)
      nextAttemptAt = clock.now() + backoffMs(attempts - 1, baseMs, maxMs, random);
  }

  /** Reads the sender's state into ours; says what to do about it. */
  function observe(): { sender: SenderLike; act: 'attempt' | 'ping' | 'none' } | undefined {
    const sender = mainSender();
    if (!sender || client._destroyed || phase === 'closed') return undefined;
    const err = o.lastError?.();
    if (err !== undefined && err !== seenError) {
      seenError = err;
      noteError(messageOf(err));
    }
    if (sender.isReconnecting || sender.isConnecting) {
      set('reconnecting');
      return undefined;
    }
    if (sender.userDisconnected) return undefined;
    if (!sender._userConnected) {
      // gramjs has given up on this sender: nothing will revive it but us.
      set('disconnected');
      return { sender, act: clock.now() >= nextAttemptAt ? 'attempt' : 'none' };
    }
    if (sender._connection !== connection) {
      connection = sender._connection;
      reconnects++;
    }
    attempts = 0;
    nextAttemptAt = 0;
    set('connected');
    return {
      sender,
      act: !pinging && clock.now() - lastPingAt >= pingIntervalMs ? 'ping' : 'none',
    };
  }

  function tick(): Promise<void> | undefined {
    const seen = observe();
    if (seen?.act === 'attempt') return attempt(seen.sender);
    if (seen?.act === 'ping') void ping(seen.sender);
    return undefined;
  }

  void (async () => {
    o.onChange?.(snapshot());
    while (!stop.signal.aborted) {
      try {
        await clock.sleep(checkMs, stop.signal);
      } catch {
        break;
      }
      await tick();
    }
  })();

  return {
    state: () => {
      observe();
      return snapshot();
    },
    interrupted(_method, write) {
      if (write) interrupted.writes++;
      else interrupted.reads++;
    },
    stop() {
      if (phase !== 'closed') {
        phase = 'closed';
        since = clock.now();
        o.onChange?.(snapshot());
      }
      stop.abort();
    },
  };
}
