import { describe, expect, it } from 'vitest';
import { MissingDependencyError, importOptional } from './import-optional.js';

describe('importOptional', () => {
  it('a package that is not installed is a MissingDependencyError naming the npm command', async () => {
    const missing: string = 'tgmcp-no-such-package';
    const err: unknown = await importOptional(
      missing,
      'Doing the thing',
      () => import(missing),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MissingDependencyError);
    expect(err).toMatchObject({ code: 'MISSING_DEPENDENCY', dependency: 'tgmcp-no-such-package' });
    expect((err as Error).message).toContain('Doing the thing needs the optional package');
    expect((err as Error).message).toContain('`npm i tgmcp-no-such-package`');
  });

  it('an installed package loads', async () => {
    const mod = await importOptional('zod', 'Validating', () => import('zod'));
    expect(typeof mod.z.object).toBe('function');
  });

  it('other failures are rethrown unchanged', async () => {
    const boom = new Error('broken install');
    await expect(importOptional('zod', 'Validating', () => Promise.reject(boom))).rejects.toBe(
      boom,
    );
  });
});
