// The environment a tgmcp server (read or actions) needs to run in a test: its own home and data
// dir, test API credentials, a fast local rate limit and, given a port, the fake DC to dial.

/** Env for a server whose home and data dir is `dataDir`, dialling the fake DC on `fakeDcPort`. */
export function serverEnv(o: {
  dataDir: string;
  /** The fake DC's port (TGMCP_TESTKIT_DC); left out, the server dials as it would for real. */
  fakeDcPort?: number;
}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: o.dataDir,
    TG_API_ID: '12345',
    TG_API_HASH: 'feedfacefeedfacefeedfacefeedface',
    TG_DATA_DIR: o.dataDir,
    TG_SESSION_NAME: 'main',
    TG_GLOBAL_RPS_MODE: 'local',
    RATE_RPS: '200',
    ...(o.fakeDcPort === undefined ? {} : { TGMCP_TESTKIT_DC: `127.0.0.1:${o.fakeDcPort}` }),
  };
}
