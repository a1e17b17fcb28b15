// A day of the watchdog compressed by the injected clock: pings every interval, a half-open
// connection every hour, a DC down for two minutes every six hours (gramjs having given up).
// gramjs's own timers run on real time and cannot be compressed, so the sender here is a
// stand-in with gramjs's state flags; test/connection-health.test.ts drives the real one.
import { createManualClock } from '@tgmcp/ratelimit';
import type { TelegramClient } from 'telegram';
import { describe, expect, it } from 'vitest';
import { watchConnection } from './connection-health.js';

const SEC = 1000;
const HOUR = 3600 * SEC;

describe('watchConnection over a compressed day', () => {
  it('pings, finds every half-open connection, revives a given-up sender with bounded backoff', async () => {
    const clock = createManualClock();
    let halfOpen = false;
    let dcUp = true;
    let pings = 0;
    const attemptsAt: number[] = [];
    const sender = {
      _userConnected: true,
      isReconnecting: false,
      isConnecting: false,
      userDisconnected: false,
      _connection: {},
      _retries: 3,
      send: () => {
        pings++;
        return halfOpen ? new Promise<never>(() => {}) : Promise.resolve({});
      },
      // gramjs: a 1 s pause, then _reconnect.
      reconnect() {
        sender.isReconnecting = true;
        void clock.sleep(SEC).then(() => sender._reconnect());
      },
      _reconnect() {
        attemptsAt.push(clock.now());
        sender._connection = {};
        sender._userConnected = dcUp;
        if (dcUp) halfOpen = false;
        sender.isReconnecting = false;
        return Promise.resolve();
      },
    };
    const client = { _sender: sender, _destroyed: false } as unknown as TelegramClient;
    let r = 0;
    const health = watchConnection(client, {
      clock,
      random: () => (r = (r * 9301 + 49297) % 233280) / 233280,
      checkMs: 250,
      pingIntervalMs: 15 * SEC,
      pingTimeoutMs: 10 * SEC,
    });

    const recoveries: number[] = [];
    const start = clock.now();
    for (let hour = 1; hour <= 24; hour++) {
      // Most of the hour: quiet, pings answered.
      await clock.advance(HOUR - 3 * 60 * SEC);
      if (hour % 6 === 0) {
        // The DC goes away; gramjs's own retries fail and it gives up on the sender.
        dcUp = false;
        sender._userConnected = false;
        await clock.advance(2 * 60 * SEC);
        expect(health.state().state).toBe('disconnected');
        dcUp = true;
        const up = clock.now();
        while (!health.state().connected) await clock.advance(250);
        recoveries.push(clock.now() - up);
        await clock.advance(60 * SEC - (clock.now() - up));
      } else {
        halfOpen = true;
        await clock.advance(3 * 60 * SEC);
        expect(health.state().connected).toBe(true);
      }
    }
    const s = health.state();
    health.stop();
    expect(clock.now() - start).toBe(24 * HOUR);
    // A ping every 15 s while connected: about 5,760 in a day.
    expect(pings).toBeGreaterThan(5500);
    expect(pings).toBeLessThan(5900);
    expect(s.ping_timeouts).toBe(20);
    expect(s.reconnects).toBe(24);
    // Every recovery within the backoff ceiling (3 s) plus one look (250 ms).
    expect(Math.max(...recoveries)).toBeLessThanOrEqual(3250);
    // Backoff while the DC was down: growing, never more than 3 s apart, never a tight loop.
    const gaps = attemptsAt.slice(1).map((t, i) => t - attemptsAt[i]!);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(250);
    const downGaps = gaps.filter((g) => g < 60 * SEC);
    expect(Math.max(...downGaps)).toBeLessThanOrEqual(3250);
  });
});
