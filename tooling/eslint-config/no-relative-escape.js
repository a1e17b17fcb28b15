// tgmcp/no-relative-escape: a relative import that leaves its own package ('../../mcp-actions/src/x.js'
// from apps/mcp-read) skips the other package's entry point. Built-in rules see only the import
// string, not where the importing file sits, so this one check needs a rule of its own.
import { existsSync } from 'node:fs';
import path from 'node:path';

const packageRoots = new Map();

/** The nearest directory at or above `dir` holding a package.json; undefined at the filesystem root. */
function packageRootOf(dir) {
  if (packageRoots.has(dir)) return packageRoots.get(dir);
  const parent = path.dirname(dir);
  const root = existsSync(path.join(dir, 'package.json'))
    ? dir
    : parent === dir
      ? undefined
      : packageRootOf(parent);
  packageRoots.set(dir, root);
  return root;
}

/** @type {import('eslint').Rule.RuleModule} */
export const noRelativeEscape = {
  meta: {
    type: 'problem',
    docs: { description: 'A relative import must stay inside its own package' },
    schema: [],
    messages: {
      escapes:
        "[tgmcp/no-relative-escape] '{{source}}' leaves this package ({{pkg}}): import the other package by its name and entry point (export what you need from its src/index.ts); an app never imports another app.",
    },
  },
  create(context) {
    const file = context.physicalFilename;
    const pkg = packageRootOf(path.dirname(file));
    if (pkg === undefined) return {};
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      if (!source.value.startsWith('.')) return;
      const target = path.resolve(path.dirname(file), source.value);
      const rel = path.relative(pkg, target);
      if (rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) {
        context.report({
          node: source,
          messageId: 'escapes',
          data: { source: source.value, pkg: path.basename(pkg) },
        });
      }
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};
