// Builds a gramjs StringSession string that carries a preset auth key, so the client skips the
// Diffie-Hellman exchange: "1" + base64(dc id, address length, address, port, 256-byte key).
export function buildSessionString(options: {
  dcId: number;
  address: string;
  port: number;
  authKey: Buffer;
}): string {
  const { dcId, address, port, authKey } = options;
  if (authKey.length !== 256) throw new Error('authKey must be 256 bytes');
  const addr = Buffer.from(address, 'ascii');
  const head = Buffer.alloc(3);
  head.writeUInt8(dcId, 0);
  head.writeInt16BE(addr.length, 1);
  const portBuf = Buffer.alloc(2);
  // gramjs reads the port as a signed int16; it dials through our socket class anyway.
  portBuf.writeInt16BE(port < 32768 ? port : 443, 0);
  return `1${Buffer.concat([head, addr, portBuf, authKey]).toString('base64')}`;
}
