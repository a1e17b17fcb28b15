// TL serialisation driven by gramjs's own parsed schema (the same text and parser its Api
// classes come from), writing into one growing buffer. gramjs's getBytes() validates every field
// and concatenates many small buffers on every call, which made it most of the cost of serving
// a history page. Output is identical byte for byte (tests compare it with getBytes()).
import apiTl from 'telegram/tl/apiTl.js';
import { parseTl } from 'telegram/tl/generationHelpers.js';
import schemaTl from 'telegram/tl/schemaTl.js';

interface ArgSpec {
  name: string;
  type: string;
  isVector: boolean;
  isFlag: boolean;
  flagName: string | null;
  flagIndex: number;
  flagIndicator: boolean;
  useVectorId: boolean | null;
  /** A bare (lowercase) object type: written without its constructor id. */
  bare: boolean;
}

interface ObjectSpec {
  args: ArgSpec[];
  /** For each flag indicator, the flag fields that set its bits. */
  flags: Map<string, ArgSpec[]>;
}

let specs: Map<number, ObjectSpec> | undefined;

function loadSpecs(): Map<number, ObjectSpec> {
  const map = new Map<number, ObjectSpec>();
  for (const text of [apiTl, schemaTl]) {
    for (const def of parseTl(text, '109') as Iterable<{
      constructorId: number;
      argsConfig: Record<string, Omit<ArgSpec, 'name' | 'bare'>>;
    }>) {
      const args = Object.entries(def.argsConfig).map(([name, c]) => {
        const type = c.type ?? '';
        const local = type.slice(type.indexOf('.') + 1);
        return { ...c, name, type, bare: local.charAt(0) !== local.charAt(0).toUpperCase() };
      });
      const flags = new Map<string, ArgSpec[]>();
      for (const a of args)
        if (a.flagIndicator)
          flags.set(
            a.name,
            args.filter((f) => f.isFlag && f.flagName === a.name),
          );
      map.set(def.constructorId >>> 0, { args, flags });
    }
  }
  return map;
}

class Writer {
  buf = Buffer.allocUnsafe(4096);
  pos = 0;
  ensure(n: number) {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }
  uint32(v: number) {
    this.ensure(4);
    this.buf.writeUInt32LE(v >>> 0, this.pos);
    this.pos += 4;
  }
  int32(v: number) {
    this.ensure(4);
    this.buf.writeInt32LE(v | 0, this.pos);
    this.pos += 4;
  }
  signed(v: unknown, size: 8 | 16 | 32) {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- big-integer prints its value
    let n = BigInt.asUintN(size * 8, BigInt(typeof v === 'bigint' ? v : String(v ?? 0)));
    this.ensure(size);
    for (let i = 0; i < size; i++) {
      this.buf[this.pos++] = Number(n & 0xffn);
      n >>= 8n;
    }
  }
  double(v: number) {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }
  bytes(v: unknown) {
    const data =
      typeof v === 'string'
        ? Buffer.from(v, 'utf8')
        : Buffer.isBuffer(v)
          ? v
          : Buffer.from(v as Uint8Array);
    const head = data.length < 254 ? 1 : 4;
    const padding = (4 - ((head + data.length) % 4)) % 4;
    this.ensure(head + data.length + padding);
    if (head === 1) this.buf[this.pos++] = data.length;
    else {
      this.buf[this.pos++] = 254;
      this.buf[this.pos++] = data.length & 0xff;
      this.buf[this.pos++] = (data.length >> 8) & 0xff;
      this.buf[this.pos++] = (data.length >> 16) & 0xff;
    }
    data.copy(this.buf, this.pos);
    this.pos += data.length;
    this.buf.fill(0, this.pos, this.pos + padding);
    this.pos += padding;
  }
  raw(b: Buffer) {
    this.ensure(b.length);
    b.copy(this.buf, this.pos);
    this.pos += b.length;
  }
}

interface TlLike {
  CONSTRUCTOR_ID?: number;
  getBytes(): Buffer;
}

const absent = (v: unknown, type: string) =>
  v === undefined || v === null || (v === false && type !== 'Bool');

function writeValue(w: Writer, type: string, v: unknown, bare: boolean): void {
  switch (type) {
    case 'int':
    case 'date':
      return w.int32(v as number);
    case 'long':
      return w.signed(v, 8);
    case 'int128':
      return w.signed(v, 16);
    case 'int256':
      return w.signed(v, 32);
    case 'double':
      return w.double(v as number);
    case 'string':
    case 'bytes':
      return w.bytes(v);
    case 'Bool':
      return w.uint32(v ? 0x997275b5 : 0xbc799737);
    case 'true':
      return;
    default: {
      const start = w.pos;
      writeObject(w, v as TlLike);
      if (bare) {
        // A bare type is written without its constructor id.
        w.buf.copy(w.buf, start, start + 4, w.pos);
        w.pos -= 4;
      }
    }
  }
}

function writeObject(w: Writer, obj: TlLike): void {
  const spec =
    obj.CONSTRUCTOR_ID === undefined
      ? undefined
      : (specs ??= loadSpecs()).get(obj.CONSTRUCTOR_ID >>> 0);
  if (!spec) {
    w.raw(obj.getBytes());
    return;
  }
  const o = obj as unknown as Record<string, unknown>;
  w.uint32(obj.CONSTRUCTOR_ID!);
  for (const a of spec.args) {
    if (a.flagIndicator) {
      let flags = 0;
      for (const f of spec.flags.get(a.name) ?? [])
        if (!absent(o[f.name], f.type)) flags |= 1 << f.flagIndex;
      w.uint32(flags);
      continue;
    }
    const v = o[a.name];
    if (a.isFlag && (absent(v, a.type) || a.type === 'true')) continue;
    if (a.isVector) {
      if (a.useVectorId) w.uint32(0x1cb5c415);
      const list = v as unknown[];
      w.int32(list.length);
      // gramjs writes vector items boxed, whatever their type: so do we.
      for (const item of list) writeValue(w, a.type, item, false);
    } else {
      writeValue(w, a.type, v, a.bare);
    }
  }
}

/** The TL bytes of a gramjs Api object, as `obj.getBytes()` would give them, faster. */
export function fastBytes(obj: TlLike): Buffer {
  const w = new Writer();
  writeObject(w, obj);
  return w.buf.subarray(0, w.pos);
}
