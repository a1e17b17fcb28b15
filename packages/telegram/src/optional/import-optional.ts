// Optional dependencies (sql.js for Telethon sessions, ioredis, the demo's fake Telegram) load
// only when a feature needs them; a missing one says what to install instead of a module trace.

/** A feature needs a package that is not installed; the message says how to add it. */
export class MissingDependencyError extends Error {
  readonly code = 'MISSING_DEPENDENCY';
  constructor(
    readonly dependency: string,
    readonly feature: string,
  ) {
    super(
      `${feature} needs the optional package ${dependency}, which is not installed: ` +
        `\`npm i ${dependency}\` (with npx: \`npx -y --package ${dependency} --package <this package> <command>\`)`,
    );
    this.name = 'MissingDependencyError';
  }
}

/**
 * `load()` (a dynamic `import(dependency)`), or a MissingDependencyError when `dependency` itself
 * cannot be found. Any other failure, a broken install included, is rethrown as is.
 */
export async function importOptional<T>(
  dependency: string,
  feature: string,
  load: () => Promise<T>,
): Promise<T> {
  try {
    return await load();
  } catch (err) {
    if (isNotFound(err, dependency)) throw new MissingDependencyError(dependency, feature);
    throw err;
  }
}

function isNotFound(err: unknown, dependency: string): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  if (e?.code !== 'ERR_MODULE_NOT_FOUND' || typeof e.message !== 'string') return false;
  // "Cannot find package 'sql.js' imported from …": this package, not one of its own imports.
  return e.message.includes(`'${dependency}'`) || e.message.includes(`/${dependency}/`);
}
