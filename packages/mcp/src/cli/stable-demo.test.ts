// The stable demo dir: private to the user (a prepared or open dir is refused), emptied at a
// start unless another demo server runs on it, the pid file given up at stop, state kept.
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDemoDir, openStableDemo, stableDemoDir } from './stable-demo.js';

const root = mkdtempSync(path.join(tmpdir(), 'tgmcp-stable-demo-'));
const savedTmp = process.env.TMPDIR;
beforeAll(() => {
  process.env.TMPDIR = root;
});
afterAll(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(root, { recursive: true, force: true });
});

describe('the stable demo dir', () => {
  it('is per binary and user under TMPDIR; a missing one is reported, an open or linked one refused', () => {
    const dir = stableDemoDir('tgmcp-actions');
    expect(dir).toBe(path.join(root, `tgmcp-actions-demo-${process.getuid?.()}`));
    expect(checkDemoDir(dir, false)).toBe('missing');
    const open = path.join(root, 'open');
    mkdirSync(open);
    chmodSync(open, 0o755);
    expect(() => checkDemoDir(open, false)).toThrow(
      expect.objectContaining({ code: 'DEMO_DIR_UNSAFE' }),
    );
    const link = path.join(root, 'link');
    symlinkSync(root, link);
    expect(() => checkDemoDir(link, false)).toThrow(/not a private directory/);
  });

  it('starts the demo account on an emptied dir, keeps the state another running demo uses', async () => {
    const dir = stableDemoDir('tgmcp-actions');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(path.join(dir, 'old-state'), 'x');
    const demo = await openStableDemo('tgmcp-actions');
    try {
      expect(demo).toMatchObject({ dataDir: dir, shared: false });
      expect(existsSync(path.join(dir, 'old-state'))).toBe(false);
      expect(readFileSync(path.join(dir, 'demo.pid'), 'utf8')).toBe(`${process.pid}\n`);
      expect(existsSync(path.join(dir, 'sessions'))).toBe(true);
      expect(demo.connect.clientOptions).toBeDefined();
    } finally {
      await demo.stop();
    }
    expect(existsSync(path.join(dir, 'demo.pid'))).toBe(false);
    expect(existsSync(path.join(dir, 'sessions'))).toBe(true);

    // Another demo server (a live pid) holds the dir: its state stays.
    writeFileSync(path.join(dir, 'demo.pid'), `${process.ppid}\n`);
    writeFileSync(path.join(dir, 'their-state'), 'x');
    const second = await openStableDemo('tgmcp-actions');
    try {
      expect(second.shared).toBe(true);
      expect(existsSync(path.join(dir, 'their-state'))).toBe(true);
    } finally {
      await second.stop();
    }
  });
});
