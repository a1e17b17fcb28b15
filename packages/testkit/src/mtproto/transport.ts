// TCP transports of MTProto (full, intermediate, abridged), detected from the first bytes the
// client sends, and framing of packets in both directions.
import { crc32 } from 'node:zlib';

export type TransportKind = 'full' | 'intermediate' | 'abridged';

export interface FrameReader {
  kind: TransportKind;
  /** Feeds bytes; returns complete packets. */
  push(chunk: Buffer): Buffer[];
  /** Frames a packet to send. */
  frame(payload: Buffer): Buffer;
}

export class TransportError extends Error {}

/** Creates a reader once the first 4 bytes are known (returns null until then). */
export function detectTransport(head: Buffer): { kind: TransportKind; skip: number } | null {
  if (head.length >= 1 && head[0] === 0xef) return { kind: 'abridged', skip: 1 };
  if (head.length < 4) return null;
  if (head.readUInt32LE(0) === 0xeeeeeeee) return { kind: 'intermediate', skip: 4 };
  if (head.readUInt32LE(0) === 0xdddddddd)
    throw new TransportError('padded intermediate transport is not supported');
  return { kind: 'full', skip: 0 };
}

export function createFrameReader(kind: TransportKind): FrameReader {
  let buffer: Buffer = Buffer.alloc(0);
  let sendSeq = 0;
  return {
    kind,
    push(chunk) {
      buffer = buffer.length ? Buffer.concat([buffer, chunk]) : chunk;
      const packets: Buffer[] = [];
      for (;;) {
        const next = readOne();
        if (!next) break;
        packets.push(next);
      }
      return packets;
    },
    frame(payload) {
      switch (kind) {
        case 'full': {
          const head = Buffer.alloc(8);
          head.writeInt32LE(payload.length + 12, 0);
          head.writeInt32LE(sendSeq++, 4);
          const body = Buffer.concat([head, payload]);
          const crc = Buffer.alloc(4);
          crc.writeUInt32LE(crc32(body), 0);
          return Buffer.concat([body, crc]);
        }
        case 'intermediate': {
          const head = Buffer.alloc(4);
          head.writeInt32LE(payload.length, 0);
          return Buffer.concat([head, payload]);
        }
        case 'abridged': {
          const words = payload.length / 4;
          const head =
            words < 0x7f
              ? Buffer.from([words])
              : Buffer.from([0x7f, words & 0xff, (words >> 8) & 0xff, (words >> 16) & 0xff]);
          return Buffer.concat([head, payload]);
        }
      }
    },
  };

  function take(n: number): Buffer {
    const out = buffer.subarray(0, n);
    buffer = buffer.subarray(n);
    return out;
  }

  function readOne(): Buffer | null {
    switch (kind) {
      case 'full': {
        if (buffer.length < 4) return null;
        const length = buffer.readInt32LE(0);
        if (length < 12 || length > 16 * 1024 * 1024)
          throw new TransportError(`bad packet length ${length}`);
        if (buffer.length < length) return null;
        const packet = take(length);
        const crc = packet.readUInt32LE(length - 4);
        if (crc32(packet.subarray(0, length - 4)) !== crc) throw new TransportError('bad crc32');
        return packet.subarray(8, length - 4);
      }
      case 'intermediate': {
        if (buffer.length < 4) return null;
        const length = buffer.readInt32LE(0);
        if (buffer.length < 4 + length) return null;
        take(4);
        return take(length);
      }
      case 'abridged': {
        if (buffer.length < 1) return null;
        let words = buffer[0]!;
        let headLength = 1;
        if (words >= 0x7f) {
          if (buffer.length < 4) return null;
          words = buffer[1]! | (buffer[2]! << 8) | (buffer[3]! << 16);
          headLength = 4;
        }
        if (buffer.length < headLength + words * 4) return null;
        take(headLength);
        return take(words * 4);
      }
    }
  }
}
