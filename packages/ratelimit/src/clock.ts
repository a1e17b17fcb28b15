// The clock lives in @tgmcp/core (shared by every tgmcp package); re-exported here so this
// package's API (`Clock`, `systemClock`, `createManualClock`, `ManualClock`) stays the same.
export { createManualClock, systemClock } from '@tgmcp/core';
export type { Clock, ManualClock } from '@tgmcp/core';
