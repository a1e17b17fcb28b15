import { describe, expect, it } from 'vitest';
import { ConfigError } from '@tgmcp/core';
import { loadTelegramConfig } from './telegram-config.js';

const HASH = '0123456789abcdef0123456789abcdef';
const base = { HOME: '/home/ada' };

describe('loadTelegramConfig', () => {
  it('has the seed defaults, one absolute data dir, and no credentials when unset (no crash)', () => {
    const c = loadTelegramConfig(base);
    expect(c).toMatchObject({
      credentials: undefined,
      dataDir: '/home/ada/.local/share/tgmcp',
      sessionName: 'default',
      lockMode: 'shared',
      allowSessionSwitch: false,
      allowPhones: false,
      requestTimeoutSec: 60,
      mediaDir: '/home/ada/.local/share/tgmcp/media',
      limits: {
        mode: 'shared',
        rate: 4,
        burst: 8,
        floodCircuitThresholdSec: 300,
        floodCircuitCooldownSec: 900,
      },
    });
    expect(loadTelegramConfig({ ...base, XDG_DATA_HOME: '/xdg' }).dataDir).toBe('/xdg/tgmcp');
  });

  it('reads every variable', () => {
    const c = loadTelegramConfig({
      ...base,
      TG_API_ID: '12345',
      TG_API_HASH: HASH,
      TG_DATA_DIR: '~/tg',
      SESSION_NAME: 'legacy',
      TG_SESSION_LOCK_MODE: 'EXCLUSIVE',
      TG_ALLOW_SESSION_SWITCH: 'yes',
      TG_EXPECTED_USERNAME: ' @@Ada_L ',
      TG_REQUEST_TIMEOUT_SEC: '15',
      RATE_RPS: '2.5',
      TG_GLOBAL_RPS_MODE: 'local',
      TG_FLOOD_CIRCUIT_THRESHOLD_SEC: '120',
      TG_FLOOD_CIRCUIT_COOLDOWN_SEC: '0',
    });
    expect(c).toMatchObject({
      credentials: { apiId: 12345, apiHash: HASH },
      dataDir: '/home/ada/tg',
      sessionName: 'legacy',
      lockMode: 'exclusive',
      allowSessionSwitch: true,
      expectedUsername: 'ada_l',
      requestTimeoutSec: 15,
      limits: {
        mode: 'local',
        rate: 2.5,
        burst: 5,
        floodCircuitThresholdSec: 120,
        floodCircuitCooldownSec: 0,
      },
    });
    expect(
      loadTelegramConfig({ ...base, TG_SESSION_NAME: 'new', SESSION_NAME: 'old' }).sessionName,
    ).toBe('new');
    expect(loadTelegramConfig({ ...base, TG_SESSION_LOCK_MODE: 'off' }).lockMode).toBe('shared');
  });

  it.each([
    ['TG_API_ID', 'abc'],
    ['TG_API_ID', '-5'],
    ['TG_REQUEST_TIMEOUT_SEC', '0'],
    ['RATE_RPS', 'fast'],
    ['RATE_RPS', '0.01'],
    ['TG_SESSION_LOCK_MODE', 'sometimes'],
    ['TG_ALLOW_SESSION_SWITCH', 'maybe'],
    ['TG_BLOCK_DIRECT_TELETHON_WRITE', 'tru'],
    ['TG_DATA_DIR', 'relative/dir'],
    ['TG_GLOBAL_RPS_MODE', 'everywhere'],
    ['TG_FLOOD_CIRCUIT_THRESHOLD_SEC', '1.5'],
  ])('a bad %s (%j) is an error naming the variable', (name, value) => {
    expect(() => loadTelegramConfig({ ...base, [name]: value })).toThrow(ConfigError);
    expect(() => loadTelegramConfig({ ...base, [name]: value })).toThrow(new RegExp(`^${name}:`));
  });

  it('never shows the api hash in an error', () => {
    const secret = 'not-hex-secret-value';
    const err = (() => {
      try {
        loadTelegramConfig({ ...base, TG_API_HASH: secret });
      } catch (e) {
        return e as Error;
      }
    })();
    expect(err?.message).toMatch(/^TG_API_HASH:/);
    expect(err?.message).not.toContain(secret);
  });

  it('warns about the seed switches it ignores instead of weakening anything', () => {
    const c = loadTelegramConfig({
      ...base,
      TG_BLOCK_DIRECT_TELETHON_WRITE: 'false',
      TG_ALLOW_DIRECT_TELETHON_WRITE: '1',
      TG_DISABLE_RATE_LIMIT_FOR_TESTS: '1',
      TG_API_ID: '5',
    });
    expect(c.warnings).toHaveLength(4);
    expect(c.credentials).toBeUndefined();
    const contexts = loadTelegramConfig({
      ...base,
      TG_WRITE_CONTEXT: 'cli',
      TG_DIRECT_TELETHON_WRITE_ALLOWED_CONTEXTS: 'cli,cron',
    });
    expect(contexts.warnings.filter((w) => /write capability/.test(w))).toHaveLength(2);
  });

  it('TG_READ_ALLOW_PHONES: off by default, on only when set, an error naming it otherwise', () => {
    expect(loadTelegramConfig({ ...base, TG_READ_ALLOW_PHONES: '' }).allowPhones).toBe(false);
    expect(loadTelegramConfig({ ...base, TG_READ_ALLOW_PHONES: '0' }).allowPhones).toBe(false);
    expect(loadTelegramConfig({ ...base, TG_READ_ALLOW_PHONES: '1' }).allowPhones).toBe(true);
    expect(() => loadTelegramConfig({ ...base, TG_READ_ALLOW_PHONES: 'please' })).toThrow(
      expect.objectContaining({ variable: 'TG_READ_ALLOW_PHONES' }),
    );
  });
});
