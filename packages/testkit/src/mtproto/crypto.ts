// MTProto 2.0 crypto, server side: AES-256-IGE and the msg_key / key derivation rules
// (client -> server uses x = 0, server -> client x = 8).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export const sha256 = (...parts: Buffer[]): Buffer => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
};

/** auth_key_id: the low 64 bits of SHA1(auth_key). */
export function authKeyId(authKey: Buffer): Buffer {
  return createHash('sha1').update(authKey).digest().subarray(12, 20);
}

function deriveKeyIv(authKey: Buffer, msgKey: Buffer, x: 0 | 8): { key: Buffer; iv: Buffer } {
  const a = sha256(msgKey, authKey.subarray(x, x + 36));
  const b = sha256(authKey.subarray(40 + x, 76 + x), msgKey);
  return {
    key: Buffer.concat([a.subarray(0, 8), b.subarray(8, 24), a.subarray(24, 32)]),
    iv: Buffer.concat([b.subarray(0, 8), a.subarray(8, 24), b.subarray(24, 32)]),
  };
}

function xor16(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.allocUnsafe(16);
  for (let i = 0; i < 16; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

export function igeEncrypt(plain: Buffer, key: Buffer, iv: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const out = Buffer.allocUnsafe(plain.length);
  let prevCipher = iv.subarray(0, 16);
  let prevPlain = iv.subarray(16, 32);
  for (let i = 0; i < plain.length; i += 16) {
    const block = plain.subarray(i, i + 16);
    const c = xor16(cipher.update(xor16(block, prevCipher)), prevPlain);
    c.copy(out, i);
    prevCipher = c;
    prevPlain = block;
  }
  return out;
}

export function igeDecrypt(data: Buffer, key: Buffer, iv: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-ecb', key, null).setAutoPadding(false);
  const out = Buffer.allocUnsafe(data.length);
  let prevCipher = iv.subarray(0, 16);
  let prevPlain = iv.subarray(16, 32);
  for (let i = 0; i < data.length; i += 16) {
    const block = data.subarray(i, i + 16);
    const p = xor16(decipher.update(xor16(block, prevPlain)), prevCipher);
    p.copy(out, i);
    prevCipher = block;
    prevPlain = p;
  }
  return out;
}

/** Decrypts a message from the client; returns null when the key or msg_key do not match. */
export function decryptFromClient(authKey: Buffer, keyId: Buffer, packet: Buffer): Buffer | null {
  if (packet.length < 24 || !packet.subarray(0, 8).equals(keyId)) return null;
  const msgKey = packet.subarray(8, 24);
  const { key, iv } = deriveKeyIv(authKey, msgKey, 0);
  const plain = igeDecrypt(packet.subarray(24), key, iv);
  const expected = sha256(authKey.subarray(88, 120), plain).subarray(8, 24);
  return expected.equals(msgKey) ? plain : null;
}

/** Encrypts a server message (salt, session id, msg id, seq no, length and body included). */
export function encryptToClient(authKey: Buffer, keyId: Buffer, plain: Buffer): Buffer {
  const padLength = 12 + ((16 - ((plain.length + 12) % 16)) % 16);
  const padded = Buffer.concat([plain, randomBytes(padLength)]);
  const msgKey = sha256(authKey.subarray(96, 128), padded).subarray(8, 24);
  const { key, iv } = deriveKeyIv(authKey, msgKey, 8);
  return Buffer.concat([keyId, msgKey, igeEncrypt(padded, key, iv)]);
}
