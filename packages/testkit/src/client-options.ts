// Options for a gramjs TelegramClient that talks to a fake DC: a socket class that dials the
// fake DC whatever address gramjs picks, a silent logger (stdout stays clean), few retries.
import { ConnectionTCPFull } from 'telegram/network/connection/index.js';
import { Logger, PromisedNetSockets } from 'telegram/extensions/index.js';
import { LogLevel } from 'telegram/extensions/Logger.js';
import type { ProxyInterface } from 'telegram/network/connection/TCPMTProxy.js';

/**
 * A gramjs socket class bound to one host and port. A SOCKS proxy is asked to reach that
 * address; an MTProxy is dialled where it is (it relays to the DC itself).
 */
export function redirectingSocket(host: string, port: number): typeof PromisedNetSockets {
  return class RedirectingSocket extends PromisedNetSockets {
    private readonly toMtproxy: boolean;
    constructor(proxy?: ProxyInterface) {
      super(proxy);
      this.toMtproxy = !!proxy && 'MTProxy' in proxy;
    }
    override connect(p: number, ip: string) {
      return this.toMtproxy ? super.connect(p, ip) : super.connect(port, host);
    }
  };
}

export function silentLogger(): Logger {
  return new Logger(LogLevel.NONE);
}

export function fakeConnectOptions(host: string, port: number) {
  return {
    connection: ConnectionTCPFull,
    networkSocket: redirectingSocket(host, port),
    connectionRetries: 2,
    retryDelay: 50,
    autoReconnect: true,
    floodSleepThreshold: 0,
    useWSS: false,
    baseLogger: silentLogger(),
  };
}
