import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadActionsPolicy } from '../index.js';

let base: string;
let dataDir: string;
let home: string;
beforeEach(() => {
  base = mkdtempSync(path.join(tmpdir(), 'tgmcp-safety-'));
  dataDir = path.join(base, 'data');
  home = path.join(base, 'home');
  for (const d of [path.join(dataDir, 'sessions'), path.join(dataDir, 'state'), home])
    mkdirSync(d, { recursive: true });
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

const rootIssues = (roots: string) =>
  loadActionsPolicy(
    {
      HOME: home,
      TG_ACTIONS_ENABLED: '1',
      TG_ACTIONS_ALLOWED_GROUPS: '@club',
      TG_ACTIONS_FILE_ROOTS: roots,
    },
    { dataDir },
  ).unsafeIssues.filter((i) => i.variable === 'TG_ACTIONS_FILE_ROOTS');

describe('file roots are compared by real path', () => {
  it.each([
    ['the data dir', () => dataDir],
    ['$HOME', () => home],
    ['the sessions dir', () => path.join(dataDir, 'sessions')],
    ['the state dir', () => path.join(dataDir, 'state')],
  ])('a root that is a symlink to %s is unsafe', (_name, target) => {
    const link = path.join(base, 'link');
    symlinkSync(target(), link);
    const issues = rootIssues(link);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.message).toContain(link);
  });

  it('a root below a symlinked parent that leads into the state dir is unsafe', () => {
    symlinkSync(dataDir, path.join(base, 'alias'));
    expect(rootIssues(path.join(base, 'alias', 'state', 'x'))).toHaveLength(1);
  });

  it('a plain outbox, and a symlink to one, are fine', () => {
    mkdirSync(path.join(base, 'outbox'));
    symlinkSync(path.join(base, 'outbox'), path.join(base, 'out-link'));
    expect(rootIssues(`${path.join(base, 'outbox')},${path.join(base, 'out-link')}`)).toEqual([]);
    expect(rootIssues(path.join(dataDir, 'outbox'))).toEqual([]);
  });
});
