// The version beside dist/ (or src/): only the named package's, else 0.0.0.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { packageVersion } from './package-version.js';

const root = mkdtempSync(path.join(tmpdir(), 'tgmcp-version-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('packageVersion', () => {
  it("reads the named package's version from dist/.. or src/x/../..", () => {
    writeFileSync(
      path.join(root, 'package.json'),
      JSON.stringify({ name: '@x/app', version: '4.5.6' }),
    );
    mkdirSync(path.join(root, 'dist'));
    mkdirSync(path.join(root, 'src', 'cli'), { recursive: true });
    const at = (...p: string[]) => pathToFileURL(path.join(root, ...p)).href;
    expect(packageVersion('@x/app', at('dist', 'cli.js'))).toBe('4.5.6');
    expect(packageVersion('@x/app', at('src', 'cli', 'version.ts'))).toBe('4.5.6');
    expect(packageVersion('@x/other', at('dist', 'cli.js'))).toBe('0.0.0');
    expect(packageVersion('@x/app', at('nowhere', 'deep', 'deeper', 'a.js'))).toBe('0.0.0');
  });
});
