import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { TOOL_NAME, TOOL_VERSION } from './version.js';

it('names the tool and version of package.json in manifests', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    name: string;
    version: string;
  };
  expect({ TOOL_NAME, TOOL_VERSION }).toEqual({ TOOL_NAME: pkg.name, TOOL_VERSION: pkg.version });
});
