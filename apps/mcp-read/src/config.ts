// The read server's configuration: the TG_* variables both servers share (validated, errors name
// the variable), checked for what only this server writes (downloads), credentials resolved.
import { type ServerConfig, loadServerConfig } from '@tgmcp/mcp';
import { assertOutsideDataDir, resolveCredentials } from '@tgmcp/telegram/config';

export async function readServerConfig(
  env: Record<string, string | undefined>,
): Promise<ServerConfig> {
  const loaded = loadServerConfig(env);
  // Refuse to start rather than let a download land among the sessions or state.
  assertOutsideDataDir(loaded.dataDir, [{ variable: 'TG_MEDIA_DIR', dirs: [loaded.mediaDir] }]);
  return resolveCredentials(loaded, env);
}
