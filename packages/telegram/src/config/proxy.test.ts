import { describe, expect, it } from 'vitest';
import { ConfigError } from '@tgmcp/core';
import { describeProxy, loadProxyConfig } from './proxy.js';
import { loadTelegramConfig } from './telegram-config.js';

const HEX = '0123456789abcdef0123456789abcdef';

function refused(env: Record<string, string>): ConfigError {
  try {
    loadProxyConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('TG_PROXY', () => {
  it('parses socks5 with percent-encoded credentials, and masks the password', () => {
    const p = loadProxyConfig({ TG_PROXY: 'socks5://al%40ice:s3cr%3At@127.0.0.1:1080' });
    expect(p).toEqual({
      kind: 'socks',
      variable: 'TG_PROXY',
      version: 5,
      host: '127.0.0.1',
      port: 1080,
      username: 'al@ice',
      password: 's3cr:t',
    });
    expect(describeProxy(p!)).toBe('socks5://al%40ice:***@127.0.0.1:1080');
  });

  it('takes socks5h, socks4 and IPv6 hosts', () => {
    expect(loadProxyConfig({ TG_PROXY: 'socks5h://proxy.lan:9050' })).toMatchObject({
      version: 5,
      host: 'proxy.lan',
      username: undefined,
    });
    expect(loadProxyConfig({ TG_PROXY: 'socks4://user@[::1]:1080' })).toMatchObject({
      version: 4,
      host: '::1',
      username: 'user',
    });
    expect(describeProxy(loadProxyConfig({ TG_PROXY: 'socks5://[::1]:1080' })!)).toBe(
      'socks5://[::1]:1080',
    );
  });

  it.each([
    ['http://user:hunter2@proxy:3128', /HTTP proxies are not supported.*SOCKS4\/5 and MTProxy/],
    ['https://proxy:443', /HTTP proxies are not supported/],
    ['tg://proxy?server=a&port=1&secret=hunter2', /TG_MTPROXY/],
    ['socks5://user:hunter2@proxy', /port/],
    ['socks5://user:hunter2@proxy:99999', /port/],
    ['socks5://:hunter2@proxy:1080', /password without a user name/],
    ['socks4://user:hunter2@proxy:1080', /SOCKS4 has no passwords/],
    ['socks5://user:hunter2@proxy:1080/path', /nothing after the port/],
    ['ftp://proxy:21', /socks5:\/\//],
    ['not a url hunter2', /URL like socks5/],
  ])('refuses %s naming TG_PROXY, never echoing it', (value, message) => {
    const err = refused({ TG_PROXY: value });
    expect(err.variable).toBe('TG_PROXY');
    expect(err.message).toMatch(/^TG_PROXY: /);
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain('hunter2');
  });
});

describe('TG_MTPROXY', () => {
  it('parses host:port:secret, dd secrets, base64 secrets and tg:// links', () => {
    expect(loadProxyConfig({ TG_MTPROXY: `proxy.example:443:${HEX}` })).toEqual({
      kind: 'mtproxy',
      variable: 'TG_MTPROXY',
      host: 'proxy.example',
      port: 443,
      secret: HEX,
      padding: false,
    });
    const dd = loadProxyConfig({ TG_MTPROXY: `[::1]:8443:DD${HEX.toUpperCase()}` })!;
    expect(dd).toMatchObject({ host: '::1', port: 8443, secret: `dd${HEX}`, padding: true });
    const b64 = Buffer.from(`dd${HEX}`, 'hex').toString('base64url');
    expect(loadProxyConfig({ TG_MTPROXY: `1.2.3.4:443:${b64}` })).toMatchObject({
      secret: `dd${HEX}`,
    });
    expect(
      loadProxyConfig({ TG_MTPROXY: `tg://proxy?server=1.2.3.4&port=443&secret=${HEX}` }),
    ).toMatchObject({ host: '1.2.3.4', port: 443, secret: HEX });
    expect(describeProxy(dd)).toBe('MTProxy [::1]:8443 (dd secret hidden)');
    expect(describeProxy(dd)).not.toContain(HEX);
  });

  it.each([
    [`1.2.3.4:443:ee${HEX}${Buffer.from('example.com').toString('hex')}`, /fake-TLS \(ee…\)/],
    ['1.2.3.4:443:0123', /32 hex characters/],
    [`1.2.3.4:443:ab${HEX}`, /32 hex characters/],
    [`1.2.3.4::${HEX}`, /port/],
    [`1.2.3.4:${HEX}`, /host:port:secret/],
    ['tg://proxy?server=1.2.3.4&port=443', /host:port:secret/],
  ])('refuses %s naming TG_MTPROXY, never echoing the secret', (value, message) => {
    const err = refused({ TG_MTPROXY: value });
    expect(err.variable).toBe('TG_MTPROXY');
    expect(err.message).toMatch(message);
    expect(err.message).not.toContain(HEX);
  });

  it('refuses both variables at once', () => {
    expect(refused({ TG_PROXY: 'socks5://h:1', TG_MTPROXY: `h:1:${HEX}` }).message).toMatch(
      /both set/,
    );
  });
});

it('loadTelegramConfig validates the proxy at startup', () => {
  expect(loadTelegramConfig({ HOME: '/home/u' }).proxy).toBeUndefined();
  expect(loadTelegramConfig({ HOME: '/home/u', TG_PROXY: 'socks5://h:1080' }).proxy).toMatchObject({
    host: 'h',
    port: 1080,
  });
  expect(() => loadTelegramConfig({ HOME: '/home/u', TG_PROXY: 'http://h:1' })).toThrow(
    /^TG_PROXY: HTTP proxies are not supported/,
  );
});
