// connect() within the request timeout. gramjs's connect() hangs forever when the data centre
// does not take the session's key (and retries for minutes when it is unreachable): the race
// below turns each case into a typed error naming the session, never showing its contents.
import type { Clock } from '@tgmcp/core';
import type { TelegramClient } from 'telegram';
import type { ProtectedClient } from '../chokepoint/protect-client.js';
import type { ProxyConfig } from '../config/proxy.js';
import { lastConnectError } from './create-client.js';
import { ProxyError, classifyProxyFailure } from './proxy-error.js';
import {
  ConnectionInterruptedError,
  DcUnreachableError,
  RequestCancelledError,
  RequestTimeoutError,
  SessionInvalidError,
} from '../errors.js';

export interface ConnectWithinOptions {
  sessionName: string;
  timeoutMs: number;
  clock: Clock;
  /** Aborting it (shutdown) ends the wait with RequestCancelledError. */
  signal?: AbortSignal;
  /** The configured proxy: a failure to connect is then reported as the proxy's (ProxyError). */
  proxy?: ProxyConfig;
}

/** Why a connect through the proxy gave up, from the last error gramjs reported. */
export function proxyFailure(client: TelegramClient, proxy: ProxyConfig): ProxyError {
  const { reason, detail } = classifyProxyFailure(lastConnectError(client));
  return new ProxyError(proxy, reason, detail);
}

/** Whether the main sender got a transport connection (TCP up, key in use). */
function transportUp(client: TelegramClient): boolean {
  return client._sender?.isConnected() === true;
}

export async function connectWithin(
  client: TelegramClient,
  guard: Pick<ProtectedClient, 'keyRejected'>,
  o: ConnectWithinOptions,
): Promise<void> {
  const seconds = Math.round(o.timeoutMs / 1000);
  // Through an MTProxy, silence is most often the proxy's: it hangs up on a wrong secret and
  // gramjs redials it quietly, forever.
  const silent = () =>
    o.proxy?.kind === 'mtproxy'
      ? new ProxyError(o.proxy, 'no_answer', `no answer within ${seconds}s`)
      : new SessionInvalidError(
          o.sessionName,
          `Telegram accepted the connection but did not answer within ${seconds}s, as happens when the stored auth key is damaged or belongs to another data centre`,
        );
  const stop = new AbortController();
  const attempt = client.connect();
  const deadline = o.clock.sleep(o.timeoutMs, stop.signal).then(
    () => 'timeout' as const,
    () => 'stopped' as const,
  );
  const aborted = new Promise<'aborted'>((resolve) => {
    if (o.signal?.aborted) resolve('aborted');
    o.signal?.addEventListener('abort', () => resolve('aborted'), { once: true });
  });
  try {
    const outcome = await Promise.race([attempt, deadline, aborted]);
    if (outcome === true) return;
    if (outcome === 'aborted' || outcome === 'stopped') throw new RequestCancelledError('connect');
    if (outcome === false)
      throw o.proxy ? proxyFailure(client, o.proxy) : new DcUnreachableError(undefined);
    // The deadline passed: with a transport up, the DC heard us and said nothing.
    if (transportUp(client)) throw silent();
    throw new RequestTimeoutError('connect', o.timeoutMs);
  } catch (err) {
    // The first request (help.getConfig) timed out on an open connection: the same silence.
    if (err instanceof RequestTimeoutError && err.method !== 'connect' && !guard.keyRejected)
      throw silent();
    // Through an MTProxy, a connection dropped before the first answer again and again (the
    // health guard gives the first request up after one resend) is the proxy hanging up.
    if (err instanceof ConnectionInterruptedError && o.proxy?.kind === 'mtproxy') throw silent();
    throw err;
  } finally {
    stop.abort();
    attempt.catch(() => undefined);
  }
}
