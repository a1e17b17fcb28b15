// What every RPC handler receives, and the handler registry type.
import type { ClientConnection } from '../mtproto/connection.js';
import type { TlObject, TlResult } from '../mtproto/tl.js';
import type { World } from '../world/world.js';

export interface HandlerContext {
  world: World;
  connection: ClientConnection;
  /** Sends an update to every connected client of this DC. */
  broadcast(update: TlObject): void;
}

// Handlers take gramjs request objects; each declares the request class it reads.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (request: any, context: HandlerContext) => TlResult | Promise<TlResult>;
export type HandlerTable = Record<string, Handler>;
