// tg_download_media in process: a message's file saved under TG_MEDIA_DIR/output_dir with the
// world's bytes, never overwriting, never outside the media directory, within TG_MAX_DOWNLOAD_MB.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { MessageRecord, PeerRef, World } from '@tgmcp/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type InProcess, startInProcess } from '../helpers/in-process.js';
import { historyIds, peerOf } from '../helpers/world.js';

let s: InProcess;
/** TG_MAX_DOWNLOAD_MB=1 */
let capped: InProcess;
let world: World;
let oss: PeerRef;
beforeAll(async () => {
  s = await startInProcess();
  capped = await startInProcess({ fake: s.fake, env: { TG_MAX_DOWNLOAD_MB: '1' } });
  world = s.fake.world;
  oss = peerOf(world, 'oss_hackers');
});
afterAll(async () => {
  await capped.close();
  await s.close();
});

const withMedia = (kind: 'photo' | 'document'): MessageRecord =>
  historyIds(world, oss)
    .map((id) => world.message(oss, id)!)
    .find((m) => m.media?.kind === kind)!;

describe('tg_download_media', () => {
  it("saves a document under the media dir with the world's name, size, type and bytes", async () => {
    const m = withMedia('document');
    const r = await s.ok('tg_download_media', {
      group: '@oss_hackers',
      message_id: m.id,
      output_dir: 'docs',
    });
    expect(r).toEqual({
      success: true,
      path: path.join(s.config.mediaDir, 'docs', m.media!.name),
      file_name: m.media!.name,
      size: m.media!.size,
      mime_type: m.media!.mimeType,
    });
    expect(readFileSync(r.path as string).equals(m.media!.bytes())).toBe(true);
  });

  it('never overwrites: the same file again gets another name, same bytes', async () => {
    const m = withMedia('photo');
    const first = await s.ok('tg_download_media', { group: '@oss_hackers', message_id: m.id });
    const second = await s.ok('tg_download_media', { group: '@oss_hackers', message_id: m.id });
    expect(second.path).not.toBe(first.path);
    expect(path.dirname(second.path as string)).toBe(s.config.mediaDir);
    for (const r of [first, second]) {
      expect(r.size).toBe(m.media!.size);
      expect(readFileSync(r.path as string).equals(m.media!.bytes())).toBe(true);
    }
  });

  it('an output_dir leaving the media directory is refused, naming output_dir', async () => {
    const m = withMedia('document');
    expect(
      await s.error('tg_download_media', {
        group: '@oss_hackers',
        message_id: m.id,
        output_dir: '../../escape',
      }),
    ).toMatchObject({ field: 'output_dir' });
  });

  it('a message without a file is NO_MEDIA', async () => {
    const plain = historyIds(world, oss)
      .map((id) => world.message(oss, id)!)
      .find((m) => !m.media && !m.service)!;
    expect(
      await s.error('tg_download_media', { group: '@oss_hackers', message_id: plain.id }),
    ).toMatchObject({ code: 'NO_MEDIA' });
  });

  it('a file over TG_MAX_DOWNLOAD_MB is FILE_TOO_LARGE and nothing is left behind', async () => {
    const big = world.addMessage(oss, {
      date: world.now(),
      from: 200_003,
      media: { kind: 'document', name: 'big.bin', size: 1024 * 1024 + 1 },
    });
    expect(
      await capped.error('tg_download_media', { group: '@oss_hackers', message_id: big.id }),
    ).toMatchObject({ code: 'FILE_TOO_LARGE' });
    expect(() => readFileSync(path.join(capped.config.mediaDir, 'big.bin'))).toThrow();
  });

  it('bad input: a message_id below 1 is INVALID_INPUT naming message_id', async () => {
    expect(
      await s.error('tg_download_media', { group: '@oss_hackers', message_id: 0 }),
    ).toMatchObject({ code: 'INVALID_INPUT', field: 'message_id' });
  });
});
