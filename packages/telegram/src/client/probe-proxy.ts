// `doctor`'s proxy check without a Telegram session: reach the proxy and, for SOCKS5, run the
// greeting and the user/password exchange (RFC 1928/1929) so bad credentials show up before
// any connect to Telegram. An MTProxy secret can only be checked by a connect through it.
import { type Socket, connect } from 'node:net';
import { type ProxyConfig, describeProxy } from '../config/proxy.js';
import { ProxyError, classifyProxyFailure } from './proxy-error.js';

export type ProxyProbe =
  { ok: true; proxy: string; detail: string } | { ok: false; proxy: string; error: ProxyError };

function reader(socket: Socket) {
  let buffered = Buffer.alloc(0);
  let waiting: (() => void) | undefined;
  socket.on('data', (d: Buffer) => {
    buffered = Buffer.concat([buffered, d]);
    waiting?.();
  });
  return async (n: number): Promise<Buffer> => {
    while (buffered.length < n) {
      if (socket.destroyed) throw Object.assign(new Error('socket closed'), { code: 'ECONNRESET' });
      await new Promise<void>((resolve) => {
        waiting = resolve;
        socket.once('close', resolve);
      });
    }
    const out = buffered.subarray(0, n);
    buffered = buffered.subarray(n);
    return out;
  };
}

async function socks5Handshake(
  socket: Socket,
  p: ProxyConfig & { kind: 'socks' },
): Promise<string> {
  const read = reader(socket);
  const methods = p.username ? [0x00, 0x02] : [0x00];
  socket.write(Buffer.from([5, methods.length, ...methods]));
  const [version, method] = await read(2);
  if (version !== 5) throw new Error('not a SOCKS5 server');
  if (method === 0xff) throw new Error('Socks5 Authentication failed: no acceptable auth method');
  if (method === 0x00) return 'reachable, no authentication asked';
  const user = Buffer.from(p.username ?? '');
  const pass = Buffer.from(p.password ?? '');
  socket.write(Buffer.from([1, user.length, ...user, pass.length, ...pass]));
  const [, status] = await read(2);
  if (status !== 0) throw new Error('Socks5 Authentication failed');
  return 'reachable, credentials accepted';
}

export async function probeProxy(
  p: ProxyConfig,
  o: { timeoutMs?: number } = {},
): Promise<ProxyProbe> {
  const proxy = describeProxy(p);
  const socket = connect({ host: p.host, port: p.port });
  socket.setTimeout(o.timeoutMs ?? 5000, () =>
    socket.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
  );
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const failed = new Promise<never>((_, reject) => socket.once('error', reject));
    const detail =
      p.kind === 'socks' && p.version === 5
        ? await Promise.race([socks5Handshake(socket, p), failed])
        : p.kind === 'mtproxy'
          ? 'reachable; the secret is checked by the session check through it'
          : 'reachable';
    return { ok: true, proxy, detail };
  } catch (err) {
    const { reason, detail } = classifyProxyFailure(err);
    return { ok: false, proxy, error: new ProxyError(p, reason, detail) };
  } finally {
    socket.destroy();
  }
}
