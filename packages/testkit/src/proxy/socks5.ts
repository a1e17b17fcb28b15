// A real SOCKS5 server on loopback (the @pondwader/socks5-server package does the protocol and
// the relay) with a log of what it was asked and how many bytes it moved, so a test can prove
// that a client's traffic went through it. It only ever reaches loopback addresses.
import type { Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { createServer, defaultConnectionHandler } from '@pondwader/socks5-server';

export interface Socks5ProxyOptions {
  /** Username/password authentication (RFC 1929); none when omitted. */
  auth?: { username: string; password: string };
  /**
   * Where a requested destination really is: `{ '127.0.0.1:80': { host, port } }`. gramjs
   * always dials its data centre on port 80; a route sends that to a fake DC's port.
   */
  routes?: Record<string, { host: string; port: number }>;
  host?: string;
  port?: number;
}

export interface Socks5LogEntry {
  event: 'auth_failed' | 'connect' | 'denied';
  /** What the client asked for (`host:port`), before routing. */
  destination?: string;
  username?: string;
}

export interface Socks5Stats {
  connections: number;
  authFailures: number;
  /** Bytes relayed client → destination and back. */
  bytesUp: number;
  bytesDown: number;
}

export interface Socks5Proxy {
  host: string;
  port: number;
  /** `socks5://user:pass@host:port` (credentials percent-encoded), the form of `TG_PROXY`. */
  url(credentials?: { username: string; password: string }): string;
  log: readonly Socks5LogEntry[];
  stats(): Socks5Stats;
  close(): Promise<void>;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1|0*:0*:0*:0*:0*:0*:0*:0*1)$/;

export async function startSocks5Proxy(o: Socks5ProxyOptions = {}): Promise<Socks5Proxy> {
  const log: Socks5LogEntry[] = [];
  const stats: Socks5Stats = { connections: 0, authFailures: 0, bytesUp: 0, bytesDown: 0 };
  const open = new Set<Duplex>();
  const track = (s: Duplex) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  };
  const server = createServer();
  const { auth } = o;
  if (auth)
    server.setAuthHandler((conn) => {
      const ok = conn.username === auth.username && conn.password === auth.password;
      if (!ok) {
        stats.authFailures++;
        log.push({ event: 'auth_failed', username: conn.username });
      }
      return ok;
    });
  server.setRulesetValidator((conn) => {
    const destination = `${conn.destAddress}:${conn.destPort}`;
    const route = o.routes?.[destination];
    const target = route ?? { host: conn.destAddress, port: conn.destPort };
    if (!LOOPBACK.test(target.host)) {
      log.push({ event: 'denied', destination, username: conn.username });
      return false;
    }
    log.push({ event: 'connect', destination, username: conn.username });
    conn.destAddress = target.host;
    conn.destPort = target.port;
    return true;
  });
  server.setConnectionHandler((conn, sendStatus) => {
    stats.connections++;
    const upstream = defaultConnectionHandler(conn, sendStatus);
    if (!upstream) return;
    track(upstream);
    upstream.on('ready', () => {
      conn.socket.on('data', (d: Buffer) => (stats.bytesUp += d.length));
      upstream.on('data', (d: Buffer) => (stats.bytesDown += d.length));
    });
  });
  // The package keeps its net.Server private; closing must also end connections mid-handshake.
  const raw = (server as unknown as { server: Server }).server;
  raw.on('connection', track);
  const host = o.host ?? '127.0.0.1';
  const port = await new Promise<number>((resolve, reject) => {
    raw.once('error', reject);
    server.listen(o.port ?? 0, host, () => resolve((raw.address() as { port: number }).port));
  });
  return {
    host,
    port,
    url: (c) =>
      `socks5://${c ? `${encodeURIComponent(c.username)}:${encodeURIComponent(c.password)}@` : ''}${host}:${port}`,
    log,
    stats: () => ({ ...stats }),
    async close() {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
