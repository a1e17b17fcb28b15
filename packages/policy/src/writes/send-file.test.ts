// send_file's write: hash, size and name (read when the request is made) are what is approved;
// the send names the expected hash; only a captioned file can be settled by looking.
import { describe, expect, it } from 'vitest';
import type { TargetHandle } from '../allowlist/peer.js';
import type { FileOps } from './ops.js';
import { sendFileWrite } from './send-file.js';

const peer: TargetHandle = { id: '-1001111', type: 'supergroup', accessHash: '11' };
const file = { name: 'a.txt', size: 3, sha256: 'ab'.repeat(32) };

function recordingOps() {
  const calls: unknown[][] = [];
  const ops: FileOps = {
    isFirstContact: () => Promise.resolve(false),
    findSent: (p, o) => (calls.push(['find', p, o]), Promise.resolve({ found: 1 })),
    sendFile: (p, filePath, o) => (
      calls.push(['send', p, filePath, o]),
      Promise.resolve({ ok: 1 })
    ),
  };
  return { ops, calls };
}

describe('sendFileWrite', () => {
  it('approves the file by hash and sends it only with that hash; a caption makes it settleable', async () => {
    const { ops, calls } = recordingOps();
    const spec = sendFileWrite(ops, '@club', 'a.txt', file, ' see this ');
    expect(spec).toMatchObject({
      action: 'send_file',
      payload: { file_sha256: file.sha256, file_size: 3, file_name: 'a.txt', caption: 'see this' },
      caption: 'see this',
      summary: `send the file a.txt (3 bytes, sha256 ${'ab'.repeat(8)}...) with the caption:\nsee this`,
    });
    await spec.write(peer, '5');
    expect(await spec.settle!(peer, 10, '5')).toEqual({ found: 1 });
    expect(calls).toEqual([
      ['send', peer, 'a.txt', { caption: 'see this', randomId: '5', sha256: file.sha256 }],
      ['find', peer, { text: 'see this', sinceUnix: 10, randomId: '5' }],
    ]);
  });

  it('leaves a file without caption in doubt (nothing to look for)', () => {
    const spec = sendFileWrite(recordingOps().ops, '@club', 'a.txt', file, '  ');
    expect('settle' in spec && spec.settle !== undefined).toBe(false);
    expect(spec.summary).toBe(`send the file a.txt (3 bytes, sha256 ${'ab'.repeat(8)}...)`);
  });
});
