// downloadMedia: one message's photo or document into a directory inside the media root, under a
// sanitized name that never overwrites, within a size cap. Written to a temp file first and
// published with link(2), so a killed download never leaves a half file under the final name.
import { closeSync, fsyncSync, linkSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { randomHex, systemRandom } from '@tgmcp/core';
import { Api } from 'telegram';
import { InvalidInputError, TelegramError } from '../errors.js';
import { ensureVisibleDirInside, sanitizeFileName } from '../paths/confine.js';
import type { OpsContext } from './context.js';
import { normalizeMessage } from './normalize-message.js';
import type { DownloadResult } from './types.js';

export class MediaError extends TelegramError {
  constructor(
    readonly code: 'NO_MEDIA' | 'MESSAGE_NOT_FOUND' | 'FILE_TOO_LARGE',
    message: string,
  ) {
    super(message);
    this.name = 'MediaError';
  }
}

export interface DownloadMediaOptions {
  /** Directory relative to the media root (default: the root itself). */
  dir?: string;
  /** Override the size cap (bytes), never above the configured one. */
  maxBytes?: number;
  onProgress?: (done: number, total: number | null) => void;
  /** The caller's name for the chat reference, in errors. Default `chat`. */
  field?: string;
}

const EXT: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'video/mp4': '.mp4',
  'application/pdf': '.pdf',
  'text/plain': '.txt',
};

function publish(tmp: string, dir: string, name: string): string {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 0; ; i++) {
    const target = path.join(dir, i === 0 ? name : `${stem} (${i})${ext}`);
    try {
      linkSync(tmp, target);
      return target;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || i > 1000) throw err;
    }
  }
}

export async function downloadMedia(
  ctx: OpsContext,
  ref: unknown,
  messageId: number,
  o: DownloadMediaOptions = {},
): Promise<DownloadResult> {
  if (!Number.isInteger(messageId) || messageId < 1)
    throw new InvalidInputError('message_id', 'must be a whole number >= 1');
  const cap = Math.min(o.maxBytes ?? ctx.maxDownloadBytes, ctx.maxDownloadBytes);
  const dir = ensureVisibleDirInside(ctx.mediaDir, o.dir ?? '.', 'output_dir');
  const peer = await ctx.peers.chat(ref, o.field ?? 'chat');
  const ids = [new Api.InputMessageID({ id: messageId })];
  const r = await ctx.client.invoke(
    peer.entity instanceof Api.Channel
      ? new Api.channels.GetMessages({ channel: peer.entity, id: ids })
      : new Api.messages.GetMessages({ id: ids }),
  );
  const message =
    r instanceof Api.messages.MessagesNotModified
      ? undefined
      : r.messages.find((m): m is Api.Message => m instanceof Api.Message && m.id === messageId);
  if (!message)
    throw new MediaError('MESSAGE_NOT_FOUND', `message ${messageId} not found in ${peer.id}`);
  const info = normalizeMessage(message, peer.id, new Map(), String(ctx.self.id))?.media;
  if (!info || (info.kind !== 'photo' && info.kind !== 'document') || !message.media)
    throw new MediaError('NO_MEDIA', `message ${messageId} in ${peer.id} has no photo or document`);
  if (info.size !== null && info.size > cap)
    throw new MediaError('FILE_TOO_LARGE', `the file is ${info.size} bytes; the cap is ${cap}`);

  const fallback = `${info.kind}_${peer.id}_${messageId}${EXT[info.mime_type ?? ''] ?? (info.kind === 'photo' ? '.jpg' : '.bin')}`;
  const name = sanitizeFileName(info.file_name, fallback);
  const tmp = path.join(dir, `.tgmcp-${randomHex(ctx.random ?? systemRandom, 6)}.part`);
  const fd = openSync(tmp, 'wx', 0o600);
  let size = 0;
  let open = true;
  try {
    const writer = {
      write(chunk: Buffer) {
        size += chunk.length;
        if (size > cap)
          throw new MediaError('FILE_TOO_LARGE', `the file is over the cap of ${cap} bytes`);
        writeSync(fd, chunk);
        o.onProgress?.(size, info.size);
      },
    };
    await ctx.client.downloadMedia(message, { outputFile: writer });
    fsyncSync(fd);
    closeSync(fd);
    open = false;
    const target = publish(tmp, dir, name);
    return {
      path: target,
      file_name: path.basename(target),
      size: statSync(target).size,
      mime_type: info.mime_type,
    };
  } finally {
    if (open) closeSync(fd);
    unlinkSync(tmp);
  }
}
