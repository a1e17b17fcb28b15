import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertOutsideDataDir, dataDirOverlap } from './data-dir-overlap.js';
import { ConfigError } from '@tgmcp/core';

let base: string;
let home: string;
let dataDir: string;
beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'tgmcp-overlap-'));
  home = path.join(base, 'home');
  dataDir = path.join(home, '.local', 'share', 'tgmcp');
  for (const d of ['sessions', 'state/actions', 'audit'])
    mkdirSync(path.join(dataDir, d), { recursive: true });
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('dataDirOverlap', () => {
  it('refuses a dir that equals or contains the data dir, or lies in sessions/state/audit', () => {
    for (const dir of [
      home,
      base,
      dataDir,
      path.join(dataDir, 'state'),
      path.join(dataDir, 'state', 'actions', 'not-yet-made'),
      path.join(dataDir, 'sessions'),
      path.join(dataDir, 'audit'),
    ])
      expect(dataDirOverlap(dataDir, dir), dir).toBeDefined();
  });

  it('follows symlinks, in the dir and in the data dir', () => {
    symlinkSync(path.join(dataDir, 'state'), path.join(base, 'pics'));
    expect(dataDirOverlap(dataDir, path.join(base, 'pics'))).toMatch(/state/);
    symlinkSync(dataDir, path.join(base, 'data-link'));
    expect(dataDirOverlap(path.join(base, 'data-link'), path.join(dataDir, 'audit'))).toMatch(
      /audit/,
    );
  });

  it('accepts the defaults beside the secrets and unrelated dirs', () => {
    for (const d of ['media', 'outbox', 'reports', 'exports'])
      expect(dataDirOverlap(dataDir, path.join(dataDir, d))).toBeUndefined();
    expect(dataDirOverlap(dataDir, path.join(home, 'Downloads'))).toBeUndefined();
  });

  it('assertOutsideDataDir names the variable', () => {
    expect(() =>
      assertOutsideDataDir(dataDir, [
        { variable: 'TG_MEDIA_DIR', dirs: [path.join(dataDir, 'media')] },
        { variable: 'TG_ACTIONS_FILE_ROOTS', dirs: [path.join(home, 'out'), home] },
      ]),
    ).toThrow(ConfigError);
    try {
      assertOutsideDataDir(dataDir, [{ variable: 'TG_ACTIONS_FILE_ROOTS', dirs: [home] }]);
    } catch (err) {
      expect((err as ConfigError).variable).toBe('TG_ACTIONS_FILE_ROOTS');
      expect((err as Error).message).toMatch(/^TG_ACTIONS_FILE_ROOTS: /);
    }
  });
});
