// Undo steps a test registers as it goes (close a fake DC, remove a temp dir), run newest first
// by the test file's afterEach/afterAll, so one failing step never hides the others.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export class Cleanup {
  private readonly steps: Array<() => unknown> = [];

  /** Registers an undo step. */
  add(step: () => unknown): void {
    this.steps.push(step);
  }

  /** A fresh directory under the system temp dir, removed at the next run(). */
  tempDir(prefix: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), prefix));
    this.add(() => rmSync(dir, { recursive: true, force: true }));
    return dir;
  }

  /** Runs every registered step, newest first; a step that throws or rejects is skipped. */
  async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse())
      await Promise.resolve()
        .then(step)
        .catch(() => undefined);
  }
}
