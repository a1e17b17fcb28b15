// Which class a request is charged to in the limiter shared by every process on the account:
// tool calls are `interactive`; bulk jobs (exports) run inside `asBulk`, and the limiter never
// reserves ahead for them, so an interactive call in any process waits at most one slot behind.
import { AsyncLocalStorage } from 'node:async_hooks';

export type RequestPriority = 'interactive' | 'bulk';

const storage = new AsyncLocalStorage<RequestPriority>();

/** Runs `fn` with every Telegram request it makes (pages, file parts) charged as bulk. */
export function asBulk<T>(fn: () => Promise<T>): Promise<T> {
  return storage.run('bulk', fn);
}

export const currentPriority = (): RequestPriority => storage.getStore() ?? 'interactive';
