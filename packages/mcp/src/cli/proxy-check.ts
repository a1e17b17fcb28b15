// doctor's proxy line: TG_PROXY / TG_MTPROXY reached (and, for SOCKS5, its credentials checked)
// without Telegram; the session line after it connects to Telegram through the same proxy.
import { type ProxyConfig, probeProxy } from '@tgmcp/telegram';

export async function proxyCheck(proxy: ProxyConfig): Promise<{
  level: 'ok' | 'fail';
  name: string;
  detail: string;
  fix?: string;
}> {
  const probe = await probeProxy(proxy);
  if (probe.ok)
    return {
      level: 'ok',
      name: 'proxy',
      detail: `${probe.proxy} (${proxy.variable}): ${probe.detail}`,
    };
  return {
    level: 'fail',
    name: 'proxy',
    detail: `${probe.error.code}: ${probe.error.message}`,
    fix:
      probe.error.code === 'PROXY_AUTH_FAILED'
        ? `set the proxy's user name and password in ${proxy.variable} (socks5://user:pass@host:port, percent-encoded)`
        : `start the proxy or correct host:port in ${proxy.variable}, or unset it to connect directly`,
  };
}
