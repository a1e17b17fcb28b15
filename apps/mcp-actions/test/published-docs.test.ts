// Every published package reads well on the registry: its README stands on its own (install, an
// example, a link to the repository, no links that only work in a clone, no issue numbers or
// "private" notes from development), its package.json points at the repository, and both CLIs'
// --help print the same URL.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const REPO = 'https://github.com/tgmcp/tgmcp';

interface Manifest {
  name: string;
  private?: boolean;
  homepage?: string;
  repository?: { type?: string; url?: string; directory?: string };
  bugs?: { url?: string };
  keywords?: string[];
  bin?: Record<string, string>;
}

const published = ['packages', 'apps'].flatMap((group) =>
  readdirSync(path.join(ROOT, group)).flatMap((name) => {
    const dir = `${group}/${name}`;
    let manifest: Manifest;
    try {
      manifest = JSON.parse(readFileSync(path.join(ROOT, dir, 'package.json'), 'utf8')) as Manifest;
    } catch {
      return [];
    }
    return manifest.private ? [] : [{ dir, manifest }];
  }),
);

it('finds the published packages', () => {
  expect(published.map((p) => p.manifest.name).sort()).toEqual(
    expect.arrayContaining(['@tgmcp/read', '@tgmcp/actions', '@tgmcp/telegram', '@tgmcp/testkit']),
  );
});

describe.each(published)('$manifest.name', ({ dir, manifest }) => {
  const readme = readFileSync(path.join(ROOT, dir, 'README.md'), 'utf8');

  it('README has no development notes: issue numbers, "private", "stays private"', () => {
    expect(readme).not.toMatch(/\bissue\s*#?\d+/i);
    expect(readme).not.toMatch(/everything issue/i);
    expect(readme).not.toMatch(/private in the monorepo|stays private|private for now/i);
    expect(readme).not.toMatch(/workspace:\*/);
  });

  it('README stands on its own: install command, an example, the repository link', () => {
    expect(readme).toMatch(/^#{1,2} .*\n/m);
    expect(readme).toMatch(
      new RegExp(`(npm i|npx -y) [^\\n]*${manifest.name.replace('/', '\\/')}`),
    );
    expect(readme).toMatch(/```(ts|sh|json)\n/);
    expect(readme).toContain(REPO);
    // Relative links work in a clone, not on the registry's page.
    expect(readme.match(/\]\((?:\.\.?\/)[^)]*\)/g) ?? []).toEqual([]);
  });

  it('package.json has repository (with directory), homepage, bugs and keywords', () => {
    expect(manifest.repository).toEqual({ type: 'git', url: `git+${REPO}.git`, directory: dir });
    expect(manifest.homepage).toBe(`${REPO}/tree/main/${dir}#readme`);
    expect(manifest.bugs).toEqual({ url: `${REPO}/issues` });
    expect(manifest.keywords?.length).toBeGreaterThan(2);
  });
});

describe.each(published.filter((p) => p.manifest.bin))(
  '$manifest.name --help',
  ({ dir, manifest }) => {
    it('prints the repository URL of package.json', () => {
      for (const bin of Object.values(manifest.bin!)) {
        const help = execFileSync(process.execPath, [path.join(ROOT, dir, bin), '--help'], {
          encoding: 'utf8',
        });
        expect(help).toContain(`${REPO}#`);
      }
    });
  },
);
