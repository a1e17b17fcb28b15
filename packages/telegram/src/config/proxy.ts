// TG_PROXY (SOCKS) and TG_MTPROXY (MTProxy), parsed the way gramjs 2.26.22 can use them. gramjs
// speaks SOCKS4/5 (through the `socks` package) and MTProxy's obfuscated2 handshake with plain
// or `dd` secrets; it has no HTTP proxy and no fake-TLS (`ee`) support, so those are refused here
// with the variable named. Values never appear in errors: they may hold a password or a secret.
import { ConfigError, read } from '@tgmcp/core';
import { z } from 'zod';

export interface SocksProxyConfig {
  kind: 'socks';
  variable: 'TG_PROXY';
  version: 4 | 5;
  /** Host name or IP address (IPv6 without brackets). */
  host: string;
  port: number;
  username?: string;
  /** Secret: shown as `***` by describeProxy. */
  password?: string;
}

export interface MtproxyConfig {
  kind: 'mtproxy';
  variable: 'TG_MTPROXY';
  host: string;
  port: number;
  /** Secret: lowercase hex, 16 bytes or `dd` + 16 bytes (the client pads, gramjs does not). */
  secret: string;
  padding: boolean;
}

export type ProxyConfig = SocksProxyConfig | MtproxyConfig;

const SCHEMES: Record<string, 4 | 5> = { 'socks5:': 5, 'socks5h:': 5, 'socks4:': 4, 'socks4a:': 4 };

const portOf = (raw: string, ctx: z.RefinementCtx): number | undefined => {
  const port = Number(raw);
  if (/^\d{1,5}$/.test(raw) && port >= 1 && port <= 65535) return port;
  ctx.addIssue({ code: 'custom', message: 'needs a port from 1 to 65535' });
  return undefined;
};

const hostOf = (raw: string) => raw.replace(/^\[(.*)\]$/, '$1');

const socksUrl = z.string().transform((raw, ctx): Omit<SocksProxyConfig, 'variable'> => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(raw.trim())?.[1]?.toLowerCase();
  if (scheme === 'http' || scheme === 'https')
    return fail(
      'HTTP proxies are not supported: the Telegram client library (gramjs 2.26) speaks only SOCKS4/5 and MTProxy; use socks5://user:pass@host:port, or TG_MTPROXY',
    );
  if (scheme === 'tg' || scheme === 'mtproxy')
    return fail('an MTProxy goes in TG_MTPROXY (host:port:secret), not TG_PROXY');
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail('must be a URL like socks5://user:pass@host:port');
  }
  const version = SCHEMES[url.protocol];
  if (!version) return fail('must start with socks5:// (or socks4://)');
  if (!url.hostname) return fail('needs a host');
  if ((url.pathname && url.pathname !== '/') || url.search || url.hash)
    return fail('must be socks5://[user:pass@]host:port with nothing after the port');
  const port = portOf(url.port, ctx);
  if (port === undefined) return z.NEVER;
  let username: string | undefined;
  let password: string | undefined;
  try {
    username = decodeURIComponent(url.username) || undefined;
    password = decodeURIComponent(url.password) || undefined;
  } catch {
    return fail('has a badly percent-encoded user name or password');
  }
  if (password !== undefined && username === undefined)
    return fail('has a password without a user name');
  if (version === 4 && password !== undefined)
    return fail('SOCKS4 has no passwords: use socks5:// for a proxy that asks for one');
  // RFC 1929 carries each in one length byte.
  if (Buffer.byteLength(username ?? '') > 255 || Buffer.byteLength(password ?? '') > 255)
    return fail('user name and password must each be at most 255 bytes');
  return { kind: 'socks', version, host: hostOf(url.hostname), port, username, password };
});

/** 16 bytes, `dd` + 16, or (refused) `ee` + 16 + domain; hex or base64(url). */
function secretBytes(raw: string): Buffer | undefined {
  if (/^[0-9a-f]+$/i.test(raw)) return raw.length % 2 === 0 ? Buffer.from(raw, 'hex') : undefined;
  if (/^[A-Za-z0-9+/_-]+=*$/.test(raw)) return Buffer.from(raw, 'base64');
  return undefined;
}

const mtproxy = z.string().transform((raw, ctx): Omit<MtproxyConfig, 'variable'> => {
  const fail = (message: string) => {
    ctx.addIssue({ code: 'custom', message });
    return z.NEVER;
  };
  const value = raw.trim();
  let parts: { host: string; port: string; secret: string } | undefined;
  if (/^(tg|https?):/i.test(value)) {
    // A proxy link as Telegram apps share it: tg://proxy?server=…&port=…&secret=…
    try {
      const q = new URL(value).searchParams;
      parts = {
        host: q.get('server') ?? '',
        port: q.get('port') ?? '',
        secret: q.get('secret') ?? '',
      };
    } catch {
      return fail('is not a valid tg://proxy link');
    }
  } else {
    const m = /^(\[[^\]]+\]|[^:\s[\]]+):([^:]*):(.+)$/.exec(value);
    if (m) parts = { host: m[1]!, port: m[2]!, secret: m[3]! };
  }
  if (!parts?.host || !parts.secret)
    return fail('must be host:port:secret (or a tg://proxy?server=…&port=…&secret=… link)');
  const port = portOf(parts.port, ctx);
  if (port === undefined) return z.NEVER;
  const bytes = secretBytes(parts.secret);
  if (bytes?.[0] === 0xee && bytes.length > 17)
    return fail(
      'fake-TLS (ee…) secrets are not supported by the Telegram client library (gramjs 2.26): ask the proxy for a plain or dd secret',
    );
  const dd = bytes?.length === 17 && bytes[0] === 0xdd;
  if (!bytes || (bytes.length !== 16 && !dd))
    return fail('needs a secret of 32 hex characters, or dd followed by 32');
  return {
    kind: 'mtproxy',
    host: hostOf(parts.host),
    port,
    secret: bytes.toString('hex'),
    padding: dd,
  };
});

/** TG_PROXY / TG_MTPROXY: undefined when neither is set; a bad value throws ConfigError. */
export function loadProxyConfig(env: Record<string, string | undefined>): ProxyConfig | undefined {
  const socks = env.TG_PROXY?.trim() ? env.TG_PROXY : undefined;
  const mt = env.TG_MTPROXY?.trim() ? env.TG_MTPROXY : undefined;
  if (socks && mt)
    throw new ConfigError('TG_MTPROXY', 'TG_PROXY and TG_MTPROXY are both set: use one of them');
  // Both are secret variables: core's read never echoes their values.
  if (socks) return { ...read(env, 'TG_PROXY', socksUrl)!, variable: 'TG_PROXY' };
  if (mt) return { ...read(env, 'TG_MTPROXY', mtproxy)!, variable: 'TG_MTPROXY' };
  return undefined;
}

/** The proxy for logs, errors and status: the password and the secret are masked. */
export function describeProxy(p: ProxyConfig): string {
  const host = p.host.includes(':') ? `[${p.host}]` : p.host;
  if (p.kind === 'mtproxy')
    return `MTProxy ${host}:${p.port} (${p.padding ? 'dd ' : ''}secret hidden)`;
  const user = p.username ? `${encodeURIComponent(p.username)}${p.password ? ':***' : ''}@` : '';
  return `socks${p.version}://${user}${host}:${p.port}`;
}
