import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isInside, realPathOf } from './real-path.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('realPathOf', () => {
  it('resolves symlinks as far as the path exists and appends the missing rest', () => {
    const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'tgmcp-core-real-')));
    dirs.push(root);
    mkdirSync(path.join(root, 'data'));
    symlinkSync(path.join(root, 'data'), path.join(root, 'link'));
    expect(realPathOf(path.join(root, 'link'))).toBe(path.join(root, 'data'));
    expect(realPathOf(path.join(root, 'link', 'later', 'x'))).toBe(
      path.join(root, 'data', 'later', 'x'),
    );
    expect(realPathOf(path.join(root, 'nothing'))).toBe(path.join(root, 'nothing'));
  });
});

describe('isInside', () => {
  it.each([
    ['/a', '/a', true],
    ['/a', '/a/b/c', true],
    ['/a', '/a/..b', true],
    ['/a', '/ab', false],
    ['/a', '/', false],
    ['/a/b', '/a', false],
    ['/a', '/a/../c', false],
  ])('%s contains %s: %s', (root, child, expected) => {
    expect(isInside(root, child)).toBe(expected);
  });
});
