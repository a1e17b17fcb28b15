// The partial output: text is gathered into large chunks, hashed and written at a known
// position; each write is awaited (backpressure: memory holds one chunk whatever the size).
import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';

const CHUNK = 1 << 20;

export class OutputFile {
  private parts: string[] = [];
  private pending = 0;
  private constructor(
    private readonly fh: FileHandle,
    private readonly hash: Hash,
    /** Bytes on disk (everything before the pending text). */
    public bytes: number,
  ) {}

  /** Opens `path` for writing from `bytes` (0: a new file; else a resumed one, truncated). */
  static async open(fh: FileHandle, path: string, bytes: number): Promise<OutputFile> {
    const hash = createHash('sha256');
    if (bytes > 0) {
      await fh.truncate(bytes);
      for await (const chunk of createReadStream(path, { start: 0, end: bytes - 1 }))
        hash.update(chunk as Buffer);
    }
    return new OutputFile(fh, hash, bytes);
  }

  /** Adds text; resolves at once unless a chunk is full, then after it is written. */
  write(text: string): Promise<void> | undefined {
    if (!text) return undefined;
    this.parts.push(text);
    this.pending += text.length;
    return this.pending >= CHUNK ? this.flush() : undefined;
  }

  async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const buf = Buffer.from(this.parts.join(''), 'utf8');
    this.parts = [];
    this.pending = 0;
    this.hash.update(buf);
    let off = 0;
    while (off < buf.length) {
      const { bytesWritten } = await this.fh.write(buf, off, buf.length - off, this.bytes + off);
      off += bytesWritten;
    }
    this.bytes += buf.length;
  }

  async sync(): Promise<void> {
    await this.fh.datasync();
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}
