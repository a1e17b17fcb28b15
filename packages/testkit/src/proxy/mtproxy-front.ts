// An MTProxy front for the fake DC: it takes the obfuscated2 handshake that gramjs's
// ConnectionTCPMTProxyAbridged sends (64 random bytes, AES-256-CTR keyed with SHA-256(key part +
// proxy secret)), checks the protocol tag, and relays the de-obfuscated stream to the DC.
import {
  type Cipher,
  type Decipher,
  createCipheriv,
  createDecipheriv,
  createHash,
} from 'node:crypto';
import { type Server, type Socket, connect, createServer } from 'node:net';

export type MtproxyProtocol = 'abridged' | 'intermediate' | 'padded';

export interface MtproxyFrontOptions {
  /** The secret as given to clients: 32 hex characters, or `dd` + 32 (random padding). */
  secret: string;
  /** Where the DC listens, and its id (the handshake names the DC it wants). */
  dc: { host: string; port: number; dcId: number };
  host?: string;
  port?: number;
}

export interface MtproxyStats {
  /** Handshakes that decrypted to a known protocol tag and were relayed to the DC. */
  relayed: number;
  /** Handshakes refused (wrong secret or unknown DC): the connection was closed. */
  rejected: number;
  /** Bytes from clients (after the handshake) and to clients. */
  bytesIn: number;
  bytesOut: number;
  /** The protocol tag and DC id of each relayed connection, in order. */
  seen: Array<{ protocol: MtproxyProtocol; dcId: number }>;
}

export interface MtproxyFront {
  host: string;
  port: number;
  secret: string;
  /** `host:port:secret`, the form of `TG_MTPROXY`. */
  address: string;
  stats(): MtproxyStats;
  close(): Promise<void>;
}

const TAGS: Record<number, MtproxyProtocol> = {
  0xefefefef: 'abridged',
  0xeeeeeeee: 'intermediate',
  0xdddddddd: 'padded',
};

/** The 16-byte key of a client secret (`dd` only tells clients to pad). */
function secretKey(secret: string): Buffer {
  const bytes = Buffer.from(secret, 'hex');
  if (bytes.length === 17 && bytes[0] === 0xdd) return bytes.subarray(1);
  if (bytes.length !== 16 || !/^[0-9a-f]+$/i.test(secret))
    throw new Error('MTProxy secret must be 32 hex characters, optionally prefixed with dd');
  return bytes;
}

function ctr(key: Buffer, iv: Buffer, decrypt: boolean): Cipher | Decipher {
  return decrypt
    ? createDecipheriv('aes-256-ctr', key, iv)
    : createCipheriv('aes-256-ctr', key, iv);
}

export async function startMtproxyFront(o: MtproxyFrontOptions): Promise<MtproxyFront> {
  const key = secretKey(o.secret);
  const stats: MtproxyStats = { relayed: 0, rejected: 0, bytesIn: 0, bytesOut: 0, seen: [] };
  const sockets = new Set<Socket>();
  const track = (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  };

  const server: Server = createServer((client) => {
    track(client);
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onHead = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      if (head.length < 64) return;
      client.off('data', onHead);
      handshake(client, head.subarray(0, 64), head.subarray(64));
    };
    client.on('data', onHead);
  });

  function handshake(client: Socket, init: Buffer, rest: Buffer): void {
    const reversed = Buffer.from(init.subarray(8, 56)).reverse();
    const sha = (part: Buffer) => createHash('sha256').update(part).update(key).digest();
    const fromClient = ctr(sha(init.subarray(8, 40)), init.subarray(40, 56), true);
    const toClient = ctr(sha(reversed.subarray(0, 32)), reversed.subarray(32, 48), false);
    const plain = fromClient.update(init);
    const protocol = TAGS[plain.readUInt32LE(56)];
    const dcId = Math.abs(plain.readInt16LE(60));
    if (!protocol || dcId !== o.dc.dcId) {
      // What a real proxy does with a client that does not know the secret: hang up.
      stats.rejected++;
      client.destroy();
      return;
    }
    stats.relayed++;
    stats.seen.push({ protocol, dcId });
    const upstream = connect(o.dc.port, o.dc.host);
    track(upstream);
    upstream.setNoDelay(true);
    // The DC detects the transport from its first bytes, as it does for direct clients.
    upstream.write(protocol === 'abridged' ? Buffer.from([0xef]) : plain.subarray(56, 60));
    const forward = (chunk: Buffer) => {
      stats.bytesIn += chunk.length;
      upstream.write(fromClient.update(chunk));
    };
    if (rest.length) forward(rest);
    client.on('data', forward);
    upstream.on('data', (chunk: Buffer) => {
      stats.bytesOut += chunk.length;
      client.write(toClient.update(chunk));
    });
    upstream.on('error', () => client.destroy());
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as { port: number };
  const host = o.host ?? '127.0.0.1';
  return {
    host,
    port,
    secret: o.secret,
    address: `${host}:${port}:${o.secret}`,
    stats: () => ({ ...stats, seen: [...stats.seen] }),
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
