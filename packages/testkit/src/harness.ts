// @tgmcp/testkit/harness: plumbing shared by the test suites of every package and app: child
// processes (CLIs, JSON workers), undo steps, a server's test environment, the CLI hint checker.
export { Cleanup } from './harness/cleanup.js';
export { collect, stringLeaves } from './harness/collect.js';
export {
  cliRunner,
  exitOf,
  finishWorker,
  lastJsonLine,
  runNode,
  runWorker,
  spawnNode,
  startWorker,
} from './harness/node-process.js';
export type { CliRunner, ProcessResult } from './harness/node-process.js';
export { serverEnv } from './harness/server-env.js';
export {
  findCliHints,
  hintProblems,
  parseHintedOptions,
  repositoryTexts,
  scriptFiles,
  unknownBareOptions,
} from './harness/cli-hints.js';
export type { CliHint, CliSurface } from './harness/cli-hints.js';
