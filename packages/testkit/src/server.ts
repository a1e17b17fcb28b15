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
  /** Connections accepted since the DC started (reconnects show here). */
  accepted(): number;
  /** Whether the DC listens now (false between `stop()` and `start()`). */
  readonly listening: boolean;
  /** Stops listening and destroys every connection: the DC is unreachable until `start()`. */
  stop(): Promise<void>;
  /** Listens again on the same host and port (same key and world): a DC restart. */
  start(): Promise<void>;
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

  let accepted = 0;
  const onSocket = (socket: Socket) => {
    accepted++;
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
  };
  const listen = (at: number) =>
    new Promise<Server>((resolve, reject) => {
      const s = createServer(onSocket);
      s.once('error', reject);
      s.listen(at, host, () => resolve(s));
    });
  let server: Server | undefined = await listen(options.port ?? 0);
  const { port } = server.address() as { port: number };
  const stop = async () => {
    const s = server;
    server = undefined;
    const closing = [...sockets].map(
      (socket) => new Promise<void>((resolve) => socket.once('close', () => resolve())),
    );
    for (const socket of sockets) socket.destroy();
    await Promise.all(closing);
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };

  return {
    host,
    port,
    dcId,
    authKey,
    sessionString: buildSessionString({ dcId, address: host, port, authKey }),
    connectOptions: fakeConnectOptions(host, port),
    connections,
    accepted: () => accepted,
    get listening() {
      return server !== undefined;
    },
    stop,
    async start() {
      server ??= await listen(port);
    },
    close: stop,
  };
}
