// startFakeTelegram: a world behind a loopback MTProto DC, with a request log and limit rules.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Api } from 'telegram';
import { AUTH_FREE_METHODS, LoginState } from './auth/login.js';
import { type FaultInjector, createFaultInjector } from './faults.js';
import { Limits } from './limits.js';
import { DropConnection, RpcError } from './mtproto/connection.js';
import type { TlObject } from './mtproto/tl.js';
import { RequestLog } from './request-log.js';
import { chatHandlers } from './rpc/chats.js';
import type { HandlerTable } from './rpc/context.js';
import { apiMessage, referenced } from './rpc/convert.js';
import { dialogHandlers } from './rpc/dialogs.js';
import { messageHandlers } from './rpc/messages.js';
import { participantHandlers } from './rpc/participants.js';
import { num } from './rpc/peers.js';
import { systemHandlers } from './rpc/system.js';
import { uploadHandlers } from './rpc/upload.js';
import { userHandlers } from './rpc/users.js';
import { writeHandlers } from './rpc/writes.js';
import { type FakeDc, startFakeDc } from './server.js';
import { type MtproxyFront, startMtproxyFront } from './proxy/mtproxy-front.js';
import type { PeerRef } from './world/records.js';
import type { MessageSpec } from './world/types.js';
import type { World } from './world/world.js';

export const HANDLERS: HandlerTable = {
  ...systemHandlers,
  ...userHandlers,
  ...dialogHandlers,
  ...messageHandlers,
  ...chatHandlers,
  ...participantHandlers,
  ...uploadHandlers,
  ...writeHandlers,
};

export interface FakeTelegramOptions {
  world: World;
  port?: number;
  /** A fixed 256-byte auth key (random by default). */
  authKey?: Buffer;
  /** Whether the session's key is already logged in. Default true; false to test login. */
  authorized?: boolean;
  /**
   * Also serve an MTProxy front (obfuscated2) that relays to this DC. `secret`: 32 hex
   * characters or `dd` + 32 (random by default). Its `address` is a `TG_MTPROXY` value.
   */
  mtproxy?: { secret?: string };
}

export interface FakeTelegram extends Pick<
  FakeDc,
  'host' | 'port' | 'sessionString' | 'connectOptions' | 'authKey'
> {
  world: World;
  requests: RequestLog;
  limits: Limits;
  /** Login state: `lastCode` (what the app would show), `acceptQrLogin()`, `authorized`. */
  login: LoginState;
  /** The MTProxy front, when `mtproxy` was asked for: `address`, `stats()`, `close()`. */
  mtproxy: MtproxyFront | undefined;
  /** Methods this fake answers. */
  supportedMethods: readonly string[];
  /** Adds an incoming message to the world and pushes it to connected clients as an update. */
  receiveMessage(peer: PeerRef, spec: Omit<MessageSpec, 'date'> & { date?: number }): void;
  /**
   * Network faults: `drop()`, `stall()` / `resume()`, `down()` / `up()` / `restart()`, `delay()`,
   * `resetDuring(method)`, and `counts()` of what was injected.
   */
  faults: FaultInjector;
  /** Drops every open connection (clients reconnect on their own). Same as `faults.drop()`. */
  dropConnections(): void;
  /** How many client connections are open now (leak checks after a client is closed). */
  openConnections(): number;
  close(): Promise<void>;
}

function peerOf(request: TlObject): string | undefined {
  const r = request as unknown as {
    peer?: { className?: string; userId?: unknown; chatId?: unknown; channelId?: unknown };
    channel?: { channelId?: unknown };
    chatId?: unknown;
  };
  const p =
    r.peer ??
    (r.channel ? { className: 'InputChannel', channelId: r.channel.channelId } : undefined);
  if (p?.channelId !== undefined) return `channel:${num(p.channelId)}`;
  if (p?.chatId !== undefined) return `chat:${num(p.chatId)}`;
  if (p?.userId !== undefined) return `user:${num(p.userId)}`;
  if (r.chatId !== undefined) return `chat:${num(r.chatId)}`;
  return undefined;
}

export async function startFakeTelegram(options: FakeTelegramOptions): Promise<FakeTelegram> {
  const { world } = options;
  const requests = new RequestLog();
  const limits = new Limits();
  const login: LoginState = new LoginState(world, options.authorized ?? true, (u) => broadcast(u));
  const handlers: HandlerTable = { ...HANDLERS, ...login.handlers() };
  const dc: FakeDc = await startFakeDc({
    port: options.port,
    authKey: options.authKey,
    stallUnknownKey: () => limits.stallsKeyExchange(),
    async dispatch(request, { connection }) {
      const record = {
        method: request.className,
        at: Date.now(),
        peer: peerOf(request),
        result: 'ok',
      };
      requests.add(record);
      try {
        await limits.apply(request.className, record.at, (ms) => sleep(ms));
        if (!login.authorized && !AUTH_FREE_METHODS.has(request.className))
          throw new RpcError(401, 'AUTH_KEY_UNREGISTERED');
        const handler = handlers[request.className];
        if (!handler) throw new RpcError(400, 'INPUT_METHOD_INVALID');
        return await handler(request, { world, connection, broadcast });
      } catch (err) {
        record.result =
          err instanceof RpcError
            ? err.errorMessage
            : err instanceof DropConnection
              ? 'dropped'
              : 'INTERNAL_SERVER_ERROR';
        throw err;
      }
    },
  });

  const mtproxy = options.mtproxy
    ? await startMtproxyFront({
        secret: options.mtproxy.secret ?? randomBytes(16).toString('hex'),
        dc: { host: dc.host, port: dc.port, dcId: dc.dcId },
      })
    : undefined;

  const faults = createFaultInjector(dc, limits, (m) => limits.callsOf(m));

  function broadcast(update: TlObject): void {
    for (const c of dc.connections) c.push(update);
  }

  return {
    host: dc.host,
    port: dc.port,
    sessionString: dc.sessionString,
    connectOptions: dc.connectOptions,
    authKey: dc.authKey,
    world,
    requests,
    limits,
    login,
    mtproxy,
    faults,
    supportedMethods: Object.keys(handlers),
    receiveMessage(peer, spec) {
      const message = world.addMessage(peer, { date: world.now(), ...spec });
      const apiMsg = apiMessage(message, world);
      const update =
        peer.type === 'channel'
          ? new Api.UpdateNewChannelMessage({
              message: apiMsg,
              pts: (world.chat(peer.id)!.pts += 1),
              ptsCount: 1,
            })
          : new Api.UpdateNewMessage({ message: apiMsg, pts: 1, ptsCount: 1 });
      const { users, chats } = referenced(world, [peer], [message]);
      broadcast(new Api.Updates({ updates: [update], users, chats, date: message.date, seq: 0 }));
    },
    dropConnections() {
      faults.drop();
    },
    openConnections: () => dc.connections.size,
    async close() {
      await mtproxy?.close();
      await dc.close();
    },
  };
}
