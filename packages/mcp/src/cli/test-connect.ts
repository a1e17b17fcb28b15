// TGMCP_TESTKIT_DC=host:port points the server at a @tgmcp/testkit fake DC instead of Telegram
// (end-to-end tests and demos). Unset in real use; it never applies to a real Telegram address.
import type { ConnectOverride } from '@tgmcp/telegram';

export async function testConnectOverride(
  env: Record<string, string | undefined> = process.env,
): Promise<ConnectOverride | undefined> {
  const value = env.TGMCP_TESTKIT_DC;
  if (!value) return undefined;
  const m = /^(127\.0\.0\.1|localhost|\[::1\]):(\d{1,5})$/.exec(value.trim());
  if (!m) throw new Error('TGMCP_TESTKIT_DC must be a loopback host:port (127.0.0.1:<port>)');
  const { fakeConnectOptions } = await import('@tgmcp/testkit');
  return { clientOptions: fakeConnectOptions(m[1]!, Number(m[2])) };
}
