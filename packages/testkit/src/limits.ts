// Telegram's limits on demand: FLOOD_WAIT after K calls in a window or on a scripted call,
// PEER_FLOOD, FLOOD_PREMIUM_WAIT on downloads, latency, stalls, dropped connections, revoked keys.
import { DropConnection, RpcError } from './mtproto/connection.js';

export type LimitRule =
  /** After `calls` calls of `method` within `windowSec`, answer FLOOD_WAIT_`waitSec`. */
  | { kind: 'flood'; method: string; calls: number; windowSec: number; waitSec: number }
  /** The `nth` call (1-based) of `method` gets `error` (e.g. FLOOD_WAIT_40), with `code`. */
  | { kind: 'script'; method: string; nth: number; error: string; code?: number }
  /** Every call of `method` gets PEER_FLOOD. */
  | { kind: 'peerFlood'; method: string }
  /** upload.GetFile answers FLOOD_PREMIUM_WAIT_`waitSec` on every `everyNth` call. */
  | { kind: 'premiumWait'; waitSec: number; everyNth: number }
  /** Delay every answer (of `method`, or all) by `ms`. */
  | { kind: 'latency'; method?: string; ms: number }
  /** Never answer `method` (logged, connection left open): a DC that hangs, e.g. on file parts. */
  | { kind: 'stall'; method: string }
  /** Never answer a key exchange (a sender without a key for this DC never finishes connecting). */
  | { kind: 'stallKeyExchange' }
  /** Drop the connection, unanswered, on the `nth` call of `method`. */
  | { kind: 'drop'; method: string; nth: number }
  /**
   * Calls `fn` with the call's number (1-based, counted since the DC started) before answering
   * `method`: it may change the world (move a username mid-call) and return an RPC error to
   * answer instead (e.g. `FLOOD_WAIT_1`), or nothing to answer normally.
   */
  | { kind: 'intercept'; method: string; fn: (n: number) => string | undefined }
  /** Every call fails with AUTH_KEY_DUPLICATED (406) or AUTH_KEY_UNREGISTERED (401). */
  | { kind: 'authKey'; error: 'AUTH_KEY_DUPLICATED' | 'AUTH_KEY_UNREGISTERED' };

export class Limits {
  private rules: LimitRule[] = [];
  private readonly calls = new Map<string, number[]>();
  private readonly counts = new Map<string, number>();

  add(rule: LimitRule): this {
    this.rules.push(rule);
    return this;
  }
  clear(): void {
    this.rules = [];
  }
  /** Removes the rules `match` selects. */
  remove(match: (rule: LimitRule) => boolean): void {
    this.rules = this.rules.filter((r) => !match(r));
  }
  /** Calls of `method` seen so far (what `nth` in `drop` and `script` rules counts). */
  callsOf(method: string): number {
    return this.counts.get(method) ?? 0;
  }

  /** Whether a packet under an unknown key (a key exchange) goes unanswered instead of -404. */
  stallsKeyExchange(): boolean {
    return this.rules.some((r) => r.kind === 'stallKeyExchange');
  }

  /** Applies the rules to one call: throws the error Telegram would answer, or waits. */
  async apply(method: string, nowMs: number, sleep: (ms: number) => Promise<void>): Promise<void> {
    const n = (this.counts.get(method) ?? 0) + 1;
    this.counts.set(method, n);
    const times = this.calls.get(method) ?? [];
    times.push(nowMs);
    this.calls.set(method, times);
    for (const rule of this.rules) {
      switch (rule.kind) {
        case 'latency':
          if (!rule.method || rule.method === method) await sleep(rule.ms);
          break;
        case 'stall':
          // A promise that never settles holds nothing open: the call just never gets its answer.
          if (rule.method === method) await new Promise<never>(() => {});
          break;
        case 'stallKeyExchange':
          break;
        case 'authKey':
          throw new RpcError(rule.error === 'AUTH_KEY_DUPLICATED' ? 406 : 401, rule.error);
        case 'drop':
          if (rule.method === method && rule.nth === n) throw new DropConnection();
          break;
        case 'script':
          if (rule.method === method && rule.nth === n)
            throw new RpcError(
              rule.code ??
                (rule.error.startsWith('FLOOD') || rule.error.startsWith('SLOWMODE') ? 420 : 400),
              rule.error,
            );
          break;
        case 'intercept': {
          if (rule.method !== method) break;
          const error = rule.fn(n);
          if (error)
            throw new RpcError(
              error.startsWith('FLOOD') || error.startsWith('SLOWMODE') ? 420 : 400,
              error,
            );
          break;
        }
        case 'peerFlood':
          if (rule.method === method) throw new RpcError(400, 'PEER_FLOOD');
          break;
        case 'premiumWait':
          if (method === 'upload.GetFile' && n % rule.everyNth === 0)
            throw new RpcError(420, `FLOOD_PREMIUM_WAIT_${rule.waitSec}`);
          break;
        case 'flood': {
          if (rule.method !== method) break;
          const recent = times.filter((t) => nowMs - t < rule.windowSec * 1000).length;
          if (recent > rule.calls) throw new RpcError(420, `FLOOD_WAIT_${rule.waitSec}`);
          break;
        }
      }
    }
  }
}
