// Download/upload senders (another DC's, and the home DC's download sender), borrowed without
// gramjs's unbounded retries: gramjs reconnects and re-exports the authorization in a `while
// (true)` loop, so one stuck DC kept a download alive forever. Here a borrow connects once, within
// the request timeout, and fails with a typed error; idle senders are released quietly (gramjs
// announced stuck requests on stdout, the MCP stream); close() disconnects them all (gramjs's
// destroy() leaves them open).
import type { Clock } from '@tgmcp/core';
import { Api, type TelegramClient } from 'telegram';
import { LAYER } from 'telegram/tl/AllTLObjects.js';
import { hasMethods, internalsChanged } from '../client/gramjs-internals.js';
import { DcUnreachableError } from '../errors.js';

/** gramjs's sender internals this module relies on (MTProtoSender). */
export interface ExportedSender {
  connect(connection: unknown, force: boolean): Promise<boolean>;
  disconnect(): Promise<void>;
  isConnected(): boolean;
  send(request: unknown): Promise<unknown>;
  authKey: { getKey(): Buffer | undefined };
  dcId: number;
  userDisconnected: boolean;
  _authenticated: boolean;
  _retries: number;
}

/**
 * gramjs's client as this module sees it. gramjs types its exported-sender map as never holding
 * undefined, but reads it as if it could (and this module stores undefined for a failed connect);
 * `_proxy` is protected there.
 */
interface ClientInternals {
  session: { dcId: number };
  getDC(dcId: number, download: boolean): Promise<{ ipAddress: string; port: number }>;
  _createExportedSender(dcId: number): ExportedSender;
  _borrowExportedSender(dcId: number): Promise<ExportedSender>;
  _exportedSenderPromises: Map<number, Promise<ExportedSender | undefined>>;
  _connection: new (options: Record<string, unknown>) => unknown;
  _initRequest: { query: unknown };
  _log: unknown;
  _proxy: unknown;
  testServers: boolean;
  networkSocket: unknown;
}

const CLIENT_METHODS = ['getDC', '_createExportedSender', '_borrowExportedSender', '_connection'];

function isClientInternals(c: object): c is ClientInternals {
  return (
    hasMethods(c, ...CLIENT_METHODS) &&
    Reflect.get(c, '_exportedSenderPromises') instanceof Map &&
    typeof Reflect.get(c, '_initRequest') === 'object' &&
    typeof Reflect.get(c, 'session') === 'object'
  );
}

function internalsOf(client: object): ClientInternals {
  if (isClientInternals(client)) return client;
  throw internalsChanged('client', [...CLIENT_METHODS, '_exportedSenderPromises', '_initRequest']);
}

export interface ExportedSenderOptions {
  /** Runs `work` within the request timeout, cancelled when the client closes. */
  timed<T>(label: string, work: () => Promise<T>): Promise<T>;
  clock: Clock;
  /** Idle time after which a sender is disconnected (gramjs: 30 s). */
  releaseAfterMs?: number;
}

export interface ExportedSenders {
  /** Disconnects every sender and stops the idle timers. */
  closeAll(): Promise<void>;
}

/** Stops a sender for good: no more connect attempts, connection closed now and if it opens later. */
function abandon(sender: ExportedSender, connecting?: Promise<unknown>): void {
  sender._retries = 0;
  void sender.disconnect().catch(() => undefined);
  const close = () => void sender.disconnect().catch(() => undefined);
  connecting?.then(close, close);
}

export function boundExportedSenders(
  client: TelegramClient,
  options: ExportedSenderOptions,
): ExportedSenders {
  const c = internalsOf(client);
  const { clock } = options;
  const timed = <T>(label: string, work: () => Promise<T>) => options.timed(label, work);
  const releaseAfterMs = options.releaseAfterMs ?? 30_000;
  const live = new Map<number, Promise<ExportedSender>>();
  const idle = new Map<number, AbortController>();
  const all = new Set<ExportedSender>();

  async function connectSender(sender: ExportedSender, dcId: number): Promise<ExportedSender> {
    const dc = await c.getDC(dcId, !!sender.authKey.getKey());
    const connection = new c._connection({
      ip: dc.ipAddress,
      port: dc.port,
      dcId,
      loggers: c._log,
      proxy: c._proxy,
      testServers: c.testServers,
      socket: c.networkSocket,
    });
    const attempt = sender.connect(connection, false);
    let connected: boolean;
    try {
      connected = await timed(`connect to DC ${dcId}`, () => attempt);
    } catch (err) {
      abandon(sender, attempt);
      throw err;
    }
    if (!connected) throw new DcUnreachableError(dcId);
    if (c.session.dcId !== dcId && !sender._authenticated) {
      // Both requests pass the chokepoint (guard, timeout); a failure ends this borrow.
      const auth = await client.invoke(new Api.auth.ExportAuthorization({ dcId }));
      c._initRequest.query = new Api.auth.ImportAuthorization({ id: auth.id, bytes: auth.bytes });
      await sender.send(new Api.InvokeWithLayer({ layer: LAYER, query: c._initRequest }));
      sender._authenticated = true;
    }
    sender.dcId = dcId;
    sender.userDisconnected = false;
    return sender;
  }

  function start(dcId: number): Promise<ExportedSender> {
    const sender = c._createExportedSender(dcId);
    all.add(sender);
    const p = connectSender(sender, dcId).catch((err: unknown) => {
      abandon(sender);
      all.delete(sender);
      if (live.get(dcId) === p) {
        live.delete(dcId);
        c._exportedSenderPromises.delete(dcId);
      }
      throw err;
    });
    live.set(dcId, p);
    // gramjs reads this map (reconnects, cleanup after a broken key) and must never see a rejection.
    c._exportedSenderPromises.set(
      dcId,
      p.catch(() => undefined),
    );
    return p;
  }

  function keepFor(dcId: number, sender: ExportedSender): void {
    idle.get(dcId)?.abort();
    const timer = new AbortController();
    idle.set(dcId, timer);
    clock.sleep(releaseAfterMs, timer.signal).then(
      () => {
        if (idle.get(dcId) === timer) idle.delete(dcId);
        if (live.get(dcId) !== undefined) {
          live.delete(dcId);
          c._exportedSenderPromises.delete(dcId);
        }
        all.delete(sender);
        void sender.disconnect().catch(() => undefined);
      },
      () => undefined,
    );
  }

  async function borrow(dcId: number): Promise<ExportedSender> {
    const current = live.get(dcId);
    if (current) {
      const sender = await current;
      if (sender.isConnected()) {
        keepFor(dcId, sender);
        return sender;
      }
      // Disconnected since (a broken connection, a released sender): one fresh connect.
      if (live.get(dcId) === current) live.delete(dcId);
      abandon(sender);
      all.delete(sender);
    }
    const sender = await (live.get(dcId) ?? start(dcId));
    keepFor(dcId, sender);
    return sender;
  }

  c._borrowExportedSender = (dcId: number) => borrow(dcId);

  return {
    async closeAll() {
      for (const timer of idle.values()) timer.abort();
      idle.clear();
      live.clear();
      c._exportedSenderPromises.clear();
      const senders = [...all];
      all.clear();
      for (const s of senders) s._retries = 0;
      await Promise.allSettled(senders.map((s) => s.disconnect()));
    },
  };
}
