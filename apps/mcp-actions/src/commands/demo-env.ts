// The actions demo's settings, shared by `tgmcp-actions --demo` (the server an MCP client
// starts) and the operator's `approve|pending|audit|policy|pins --demo` on its stable data dir.

/** Writes on for two demo chats, operator approvals by default. */
export function demoEnv(dataDir: string): Record<string, string> {
  return {
    TG_API_ID: '1',
    TG_API_HASH: '0123456789abcdef0123456789abcdef',
    TG_DATA_DIR: dataDir,
    TG_SESSION_NAME: 'demo',
    TG_GLOBAL_RPS_MODE: 'local',
    RATE_RPS: '50',
    TG_ACTIONS_ENABLED: '1',
    TG_ACTIONS_ALLOWED_GROUPS: '@oss_hackers,-3001',
    TG_ACTIONS_APPROVAL_MODE: process.env.TG_ACTIONS_APPROVAL_MODE ?? 'operator',
    HOME: dataDir,
  };
}
