// Reading client requests and writing answers with gramjs's own TL classes (one schema, one
// layer: the one of the `telegram` package the client uses).
import { gunzipSync } from 'node:zlib';
import { BinaryReader } from 'telegram/extensions/index.js';
import { fastBytes } from './fast-bytes.js';

export const ID = {
  msgContainer: 0x73f1f8dc,
  gzipPacked: 0x3072cfa1,
  msgsAck: 0x62d6b459,
  ping: 0x7abe77ec,
  pingDelayDisconnect: 0xf3427b8c,
  pong: 0x347773c5,
  rpcResult: 0xf35c6d01,
  rpcError: 0x2144ca19,
  vector: 0x1cb5c415,
  boolTrue: 0x997275b5,
  boolFalse: 0xbc799737,
  destroySession: 0xe7512126,
  getFutureSalts: 0xb921bd04,
  rpcDropAnswer: 0x58e4a740,
  httpWait: 0x9299359f,
} as const;

/** A TL object as gramjs builds it: something with a className and getBytes(). */
export interface TlObject {
  className: string;
  getBytes(): Buffer;
}

/** What a handler may answer: a TL object, a vector of them, a Bool, or raw bytes. */
export type TlResult = TlObject | TlObject[] | boolean | bigint[] | Buffer;

export function parseObject(body: Buffer): TlObject {
  return new BinaryReader(body).tgReadObject() as TlObject;
}

/** Reads a TL `bytes` value at `offset`; returns the value and the offset after it. */
export function readTlBytes(buf: Buffer, offset: number): { value: Buffer; end: number } {
  let length = buf[offset]!;
  let start = offset + 1;
  if (length === 254) {
    length = buf[offset + 1]! | (buf[offset + 2]! << 8) | (buf[offset + 3]! << 16);
    start = offset + 4;
  }
  const end = start + length;
  const padded = end + ((4 - ((end - offset) % 4)) % 4);
  return { value: buf.subarray(start, end), end: padded };
}

export function writeTlBytes(value: Buffer): Buffer {
  const head =
    value.length < 254
      ? Buffer.from([value.length])
      : Buffer.from([
          254,
          value.length & 0xff,
          (value.length >> 8) & 0xff,
          (value.length >> 16) & 0xff,
        ]);
  const total = head.length + value.length;
  return Buffer.concat([head, value, Buffer.alloc((4 - (total % 4)) % 4)]);
}

export function gunzipTl(body: Buffer): Buffer {
  return gunzipSync(readTlBytes(body, 4).value);
}

const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0, 0);
  return b;
};

export function serializeResult(result: TlResult): Buffer {
  if (Buffer.isBuffer(result)) return result;
  if (typeof result === 'boolean') return int32(result ? ID.boolTrue : ID.boolFalse);
  if (Array.isArray(result)) {
    const parts: Buffer[] = [int32(ID.vector), int32(result.length)];
    for (const item of result) {
      if (typeof item === 'bigint') {
        const b = Buffer.alloc(8);
        b.writeBigInt64LE(item, 0);
        parts.push(b);
      } else parts.push(fastBytes(item));
    }
    return Buffer.concat(parts);
  }
  return fastBytes(result);
}

export function rpcResult(reqMsgId: bigint, result: TlResult): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(ID.rpcResult, 0);
  head.writeBigInt64LE(reqMsgId, 4);
  return Buffer.concat([head, serializeResult(result)]);
}

export function rpcError(reqMsgId: bigint, code: number, message: string): Buffer {
  const head = Buffer.alloc(16);
  head.writeUInt32LE(ID.rpcResult, 0);
  head.writeBigInt64LE(reqMsgId, 4);
  head.writeUInt32LE(ID.rpcError, 12);
  return Buffer.concat([head, int32(code), writeTlBytes(Buffer.from(message, 'utf8'))]);
}

export function pong(msgId: bigint, pingId: bigint): Buffer {
  const b = Buffer.alloc(20);
  b.writeUInt32LE(ID.pong, 0);
  b.writeBigInt64LE(msgId, 4);
  b.writeBigInt64LE(pingId, 12);
  return b;
}
