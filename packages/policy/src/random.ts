// Randomness lives in @tgmcp/core; re-exported for this package's index (`Random`,
// `systemRandom`) and for state/file.ts until it moves onto the shared atomic-file module.
export { systemRandom, token } from '@tgmcp/core';
export type { Random } from '@tgmcp/core';
