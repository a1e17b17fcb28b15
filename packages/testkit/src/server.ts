// startFakeTelegram: a loopback MTProto data centre that real gramjs clients connect to.
import { randomBytes } from 'node:crypto';
import { type Server, type Socket, createServer } from 'node:net';
import { fakeConnectOptions } from './client-options.js';
import { authKeyId } from './mtproto/crypto.js';
import { ClientConnection, type Dispatch } from './mtproto/connection.js';
import { buildSessionString } from './session-string.js';

export interface FakeDcOptions {
  dispatch: Dispatch;
  port?: number;
  host?: string;
  dcId?: number;
  authKey?: Buffer;
  onError?: (err: unknown) => void;
  /** Checked per packet: true leaves packets under an unknown key unanswered (no -404). */
  stallUnknownKey?: () => boolean;
}

export interface FakeDc {
  host: string;
  port: number;
  dcId: number;
  authKey: Buffer;
  sessionString: string;
  connectOptions: ReturnType<typeof fakeConnectOptions>;
  connections: ReadonlySet<ClientConnection>;
  close(): Promise<void>;
}

export async function startFakeDc(options: FakeDcOptions): Promise<FakeDc> {
  const host = options.host ?? '127.0.0.1';
  const dcId = options.dcId ?? 2;
  const authKey = options.authKey ?? randomBytes(256);
  const keyId = authKeyId(authKey);
  const connections = new Set<ClientConnection>();
  const sockets = new Set<Socket>();
  const onError = options.onError ?? ((err: unknown) => console.error('[fake-telegram]', err));

  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    sockets.add(socket);
    const connection = new ClientConnection(
      socket,
      authKey,
      keyId,
      options.dispatch,
      onError,
      options.stallUnknownKey,
    );
    connections.add(connection);
    socket.on('close', () => {
      sockets.delete(socket);
      connections.delete(connection);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as { port: number };

  return {
    host,
    port,
    dcId,
    authKey,
    sessionString: buildSessionString({ dcId, address: host, port, authKey }),
    connectOptions: fakeConnectOptions(host, port),
    connections,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
