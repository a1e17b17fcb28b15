// Deterministic randomness for generated worlds: the same seed gives the same world.
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A pure hash of (seed, n) in [0, 1): item n of a generated list without generating the others. */
export function hashUnit(seed: number, n: number): number {
  let h = (seed ^ Math.imul(n, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export function accessHashFor(kind: string, id: number, seed: number): bigint {
  const hi = BigInt(Math.floor(hashUnit(seed, id * 7 + kind.length) * 2 ** 31));
  const lo = BigInt(Math.floor(hashUnit(seed + 1, id * 13 + kind.charCodeAt(0)) * 2 ** 32));
  return (hi << 32n) | lo;
}

const WORDS =
  'the of and a to in is you that it he was for on are as with his they at be this have from or one had by word but not what all were we when your can said there use an each which she do how their if will up other about out many then them these so some her would make like him into time has look two more write go see number no way could people my than first water been call who oil its now find long down day did get come made may part'.split(
    ' ',
  );

/** Deterministic text of a few words for generated messages. */
export function textFor(seed: number, n: number): string {
  const length = 3 + Math.floor(hashUnit(seed, n) * 12);
  const words: string[] = [];
  for (let i = 0; i < length; i++)
    words.push(WORDS[Math.floor(hashUnit(seed + i + 1, n) * WORDS.length)]!);
  return words.join(' ');
}

/** Deterministic bytes for media without explicit content. */
export function bytesFor(seed: number, size: number): Buffer {
  const out = Buffer.allocUnsafe(size);
  const next = mulberry32(seed);
  for (let i = 0; i < size; i += 4) {
    const v = Math.floor(next() * 2 ** 32);
    out[i] = v & 0xff;
    if (i + 1 < size) out[i + 1] = (v >>> 8) & 0xff;
    if (i + 2 < size) out[i + 2] = (v >>> 16) & 0xff;
    if (i + 3 < size) out[i + 3] = (v >>> 24) & 0xff;
  }
  return out;
}
