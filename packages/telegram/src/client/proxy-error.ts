// Failures to reach Telegram through the configured proxy, as one typed error naming the
// variable, and the scrubbing of gramjs's connect errors: the `socks` package attaches its
// options (the proxy password among them) to each error, and gramjs prints errors to stderr.
import { type ProxyConfig, describeProxy } from '../config/proxy.js';
import { TelegramError } from '../errors.js';

export type ProxyFailure =
  'refused' | 'auth_failed' | 'timeout' | 'not_found' | 'no_answer' | 'other';

const REASONS: Record<ProxyFailure, string> = {
  refused: 'connection refused (is the proxy running at that address?)',
  auth_failed: 'the proxy refused the user name or password',
  timeout: 'the proxy did not answer in time',
  not_found: 'the proxy host name does not resolve',
  no_answer:
    'Telegram did not answer through it (a wrong MTProxy secret, a proxy that cannot reach Telegram, or, less likely, a damaged session key)',
  other: 'the proxy failed',
};

/** Telegram could not be reached through TG_PROXY / TG_MTPROXY. */
export class ProxyError extends TelegramError {
  readonly code: 'PROXY_UNREACHABLE' | 'PROXY_AUTH_FAILED';
  readonly retryAfterSec = null;
  readonly variable: ProxyConfig['variable'];
  /** The proxy with its password or secret masked. */
  readonly proxy: string;
  constructor(
    proxy: ProxyConfig,
    readonly reason: ProxyFailure,
    detail?: string,
  ) {
    const described = describeProxy(proxy);
    super(
      `could not reach Telegram through the proxy in ${proxy.variable} (${described}): ${REASONS[reason]}${detail ? ` [${detail}]` : ''}; fix or start the proxy, or unset ${proxy.variable} to connect directly`,
    );
    this.name = 'ProxyError';
    this.code = reason === 'auth_failed' ? 'PROXY_AUTH_FAILED' : 'PROXY_UNREACHABLE';
    this.variable = proxy.variable;
    this.proxy = described;
  }
}

/** What a gramjs / socks connect error means, from its message and system code. */
export function classifyProxyFailure(err: unknown): { reason: ProxyFailure; detail?: string } {
  const e = err as { message?: unknown; code?: unknown } | undefined;
  const text = `${typeof e?.code === 'string' ? e.code : ''} ${typeof e?.message === 'string' ? e.message : ''}`;
  if (/ECONNREFUSED|ECONNRESET|socket closed|EPIPE/i.test(text)) return { reason: 'refused' };
  if (/authentication failed|no acceptable auth/i.test(text)) return { reason: 'auth_failed' };
  if (/timed? ?out|ETIMEDOUT/i.test(text)) return { reason: 'timeout' };
  if (/ENOTFOUND|EAI_AGAIN/i.test(text)) return { reason: 'not_found' };
  // e.g. "Socks5 proxy rejected connection - HostUnreachable": no credentials in these.
  const rejected = /rejected connection - (\w+)/i.exec(text)?.[1];
  if (rejected) return { reason: 'no_answer', detail: `the proxy said ${rejected}` };
  return { reason: 'other' };
}

/** Masks the proxy password inside an error from the `socks` package, in place. */
export function scrubProxySecrets(err: unknown): void {
  const options = (err as { options?: { proxy?: { password?: unknown } } } | null)?.options;
  if (options?.proxy && typeof options.proxy.password === 'string') options.proxy.password = '***';
}
