// @tgmcp/testkit: a fake Telegram (world model + loopback MTProto DC) that real gramjs talks to.
export { createWorld, World } from './world/world.js';
export type { Dialog } from './world/world.js';
export type {
  WorldSpec,
  UserSpec,
  ChatSpec,
  ChatKind,
  MessageSpec,
  MediaSpec,
  ParticipantSpec,
  ParticipantRole,
  PrivateChatSpec,
  AdminRightsSpec,
  GeneratedHistorySpec,
  GeneratedMembersSpec,
} from './world/types.js';
export type {
  PeerRef,
  MessageRecord,
  ChatRecord,
  UserRecord,
  FileRecord,
  ParticipantRecord,
} from './world/records.js';
export { demoWorld } from './world/demo.js';
export { startFakeTelegram } from './fake-telegram.js';
export type { FakeTelegram, FakeTelegramOptions } from './fake-telegram.js';
export { RequestLog, WRITE_METHODS } from './request-log.js';
export type { RequestRecord } from './request-log.js';
export { Limits } from './limits.js';
export { createFaultInjector } from './faults.js';
export type { FaultCounts, FaultInjector, StallOptions } from './faults.js';
export { LoginState, AUTH_FREE_METHODS } from './auth/login.js';
export type { LimitRule } from './limits.js';
export { buildSessionString } from './session-string.js';
export { redirectingSocket, fakeConnectOptions, silentLogger } from './client-options.js';
export { startTestRedis } from './redis-server.js';
export { startMtproxyFront } from './proxy/mtproxy-front.js';
export type {
  MtproxyFront,
  MtproxyFrontOptions,
  MtproxyProtocol,
  MtproxyStats,
} from './proxy/mtproxy-front.js';
export { startSocks5Proxy } from './proxy/socks5.js';
export type {
  Socks5LogEntry,
  Socks5Proxy,
  Socks5ProxyOptions,
  Socks5Stats,
} from './proxy/socks5.js';
export type { TestRedis } from './redis-server.js';
export { badArguments, schemaAccepts } from './fuzz/bad-arguments.js';
export { HAS_SCRIPT, runInPty } from './cli/pty.js';
export type { PtyRun } from './cli/pty.js';
export type { BadArgumentsCase, JsonSchema } from './fuzz/bad-arguments.js';
export { crossDcClient, filesWorld } from './cross-dc.js';
export {
  annotationProblems,
  documentedNames,
  markdownSection,
  markdownTables,
  statedAnnotations,
  toolTableProblems,
  toolTables,
} from './docs/tool-tables.js';
export type { ListedTool, MarkdownTable, ToolTable, ToolTableColumns } from './docs/tool-tables.js';
