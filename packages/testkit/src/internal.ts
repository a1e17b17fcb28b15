// Internal entry for the package's own benchmarks: the raw RPC handler table.
export { HANDLERS } from './fake-telegram.js';
export { fastBytes } from './mtproto/fast-bytes.js';
