// Options for a gramjs TelegramClient that talks to a fake DC: a socket class that dials the
// fake DC whatever address gramjs picks, a silent logger (stdout stays clean), few retries.
import { ConnectionTCPFull } from 'telegram/network/connection/index.js';
import { Logger, PromisedNetSockets } from 'telegram/extensions/index.js';
import { LogLevel } from 'telegram/extensions/Logger.js';

/** A gramjs socket class bound to one host and port. */
export function redirectingSocket(host: string, port: number): typeof PromisedNetSockets {
  return class RedirectingSocket extends PromisedNetSockets {
    override connect(_port: number, _ip: string) {
      return super.connect(port, host);
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
