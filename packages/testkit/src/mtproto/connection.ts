// One client connection: transport framing, decryption, MTProto service messages (containers,
// gzip, acks, pings), wrappers (invokeWithLayer, initConnection...), and answers.
import type { Socket } from 'node:net';
import { decryptFromClient, encryptToClient } from './crypto.js';
import {
  ID,
  type TlObject,
  type TlResult,
  gunzipTl,
  parseObject,
  pong,
  rpcError,
  rpcResult,
} from './tl.js';
import {
  type FrameReader,
  TransportError,
  createFrameReader,
  detectTransport,
} from './transport.js';

/** An error answered as rpc_error, the way Telegram answers (e.g. 420 FLOOD_WAIT_30). */
export class RpcError extends Error {
  constructor(
    readonly errorCode: number,
    readonly errorMessage: string,
  ) {
    super(`${errorCode}: ${errorMessage}`);
    this.name = 'RpcError';
  }
}

/** Tells the connection to vanish without answering (a dropped connection mid-request). */
export class DropConnection extends Error {
  constructor() {
    super('connection dropped on purpose');
  }
}

export interface RequestContext {
  connection: ClientConnection;
  msgId: bigint;
  /** Wrappers seen around the request (InvokeWithLayer, InitConnection...). */
  layer?: number;
}

export type Dispatch = (request: TlObject, context: RequestContext) => Promise<TlResult>;

/**
 * A connection's fault state. `answering`: normal. `stalled`: bytes are read and ignored, nothing
 * is answered (a half-open connection). `deaf`: requests are carried out but no answer, pong or
 * update is sent back (the worst case for a write: it happened, the client cannot know).
 */
export type ConnectionFault = 'answering' | 'stalled' | 'deaf';

const WRAPPERS = new Set([
  'InvokeWithLayer',
  'InitConnection',
  'InvokeWithoutUpdates',
  'InvokeAfterMsg',
  'InvokeAfterMsgs',
  'InvokeWithTakeout',
]);

export class ClientConnection {
  private reader: FrameReader | undefined;
  private head: Buffer = Buffer.alloc(0);
  private lastMsgId = 0n;
  private seq = 0;
  private salt = Buffer.alloc(8);
  private sessionId = Buffer.alloc(8);
  private closed = false;
  /** Set by the fault injector (`fake.faults.stall()`). */
  fault: ConnectionFault = 'answering';

  constructor(
    readonly socket: Socket,
    private readonly authKey: Buffer,
    private readonly keyId: Buffer,
    private readonly dispatch: Dispatch,
    private readonly onError: (err: unknown) => void,
    /** True to leave packets under an unknown key unanswered (a DC stuck in a key exchange). */
    private readonly stallUnknownKey: () => boolean = () => false,
  ) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => (this.closed = true));
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }

  /** Pushes a TL object (updates) that answers no request. */
  push(object: TlObject): void {
    this.send(object.getBytes(), true, false);
  }

  private onData(chunk: Buffer): void {
    try {
      if (!this.reader) {
        this.head = Buffer.concat([this.head, chunk]);
        const found = detectTransport(this.head);
        if (!found) return;
        this.reader = createFrameReader(found.kind);
        chunk = this.head.subarray(found.skip);
      }
      for (const packet of this.reader.push(chunk)) this.onPacket(packet);
    } catch (err) {
      this.onError(err);
      this.close();
    }
  }

  private transportError(code: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(code, 0);
    if (this.reader && !this.closed) this.socket.write(this.reader.frame(b));
  }

  private onPacket(packet: Buffer): void {
    if (this.fault === 'stalled') return;
    const plain = decryptFromClient(this.authKey, this.keyId, packet);
    if (!plain) {
      if (this.stallUnknownKey()) return;
      // Unknown auth key (or a key exchange we do not offer): what Telegram answers.
      this.transportError(-404);
      this.close();
      return;
    }
    this.salt = Buffer.from(plain.subarray(0, 8));
    this.sessionId = Buffer.from(plain.subarray(8, 16));
    const msgId = plain.readBigInt64LE(16);
    const length = plain.readInt32LE(28);
    this.onMessage(msgId, plain.subarray(32, 32 + length));
  }

  private onMessage(msgId: bigint, body: Buffer): void {
    const constructor = body.readUInt32LE(0);
    switch (constructor) {
      case ID.msgContainer: {
        const count = body.readInt32LE(4);
        let offset = 8;
        for (let i = 0; i < count; i++) {
          const innerId = body.readBigInt64LE(offset);
          const bytes = body.readInt32LE(offset + 12);
          this.onMessage(innerId, body.subarray(offset + 16, offset + 16 + bytes));
          offset += 16 + bytes;
        }
        return;
      }
      case ID.gzipPacked:
        this.onMessage(msgId, gunzipTl(body));
        return;
      case ID.msgsAck:
      case ID.destroySession:
      case ID.rpcDropAnswer:
      case ID.httpWait:
        return;
      case ID.ping:
        this.send(pong(msgId, body.readBigInt64LE(4)), false, true);
        return;
      case ID.pingDelayDisconnect:
        this.send(pong(msgId, body.readBigInt64LE(4)), false, true);
        return;
      default:
        void this.onRequest(msgId, parseObject(body));
    }
  }

  private async onRequest(msgId: bigint, object: TlObject): Promise<void> {
    let request = object;
    let layer: number | undefined;
    for (;;) {
      const wrapper = request as TlObject & { query?: TlObject; layer?: number };
      if (!WRAPPERS.has(request.className) || !wrapper.query) break;
      if (request.className === 'InvokeWithLayer') layer = wrapper.layer;
      request = wrapper.query;
    }
    let answer: Buffer;
    try {
      answer = rpcResult(msgId, await this.dispatch(request, { connection: this, msgId, layer }));
    } catch (err) {
      if (err instanceof DropConnection) {
        this.close();
        return;
      }
      if (err instanceof RpcError) answer = rpcError(msgId, err.errorCode, err.errorMessage);
      else {
        this.onError(err);
        answer = rpcError(msgId, 500, 'INTERNAL_SERVER_ERROR');
      }
    }
    this.send(answer, true, true);
  }

  private nextMsgId(response: boolean): bigint {
    const now = Date.now();
    let id =
      (BigInt(Math.floor(now / 1000)) << 32n) |
      (BigInt(Math.floor(((now % 1000) / 1000) * 2 ** 32)) & ~3n);
    if (id <= this.lastMsgId) id = this.lastMsgId + 4n;
    id = (id & ~3n) | (response ? 1n : 3n);
    this.lastMsgId = id;
    return id;
  }

  private send(body: Buffer, contentRelated: boolean, isResponse: boolean): void {
    if (this.closed || !this.reader || this.fault !== 'answering') return;
    const head = Buffer.alloc(32);
    this.salt.copy(head, 0);
    this.sessionId.copy(head, 8);
    head.writeBigInt64LE(this.nextMsgId(isResponse), 16);
    head.writeInt32LE(contentRelated ? this.seq++ * 2 + 1 : this.seq * 2, 24);
    head.writeInt32LE(body.length, 28);
    const packet = encryptToClient(this.authKey, this.keyId, Buffer.concat([head, body]));
    this.socket.write(this.reader.frame(packet));
  }
}

export { TransportError };
