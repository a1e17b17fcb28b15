// A package's version, read from its package.json beside the calling module's dist/ (or src/)
// directory: `--version` answers without loading anything else.
import { readFileSync } from 'node:fs';

/** The `version` of package `name`, found from `importMetaUrl`; `0.0.0` when it is not there. */
export function packageVersion(name: string, importMetaUrl: string): string {
  for (const rel of ['../package.json', '../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, importMetaUrl), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === name && pkg.version) return pkg.version;
    } catch {
      // try the next location
    }
  }
  return '0.0.0';
}
