// Network faults on demand, for proving a client survives them: drop every connection, stall
// them (half-open: bytes accepted, nothing answered), take the DC down and bring it back on the
// same port (a restart), delay answers, reset a connection mid-upload or mid-download. Counted,
// so a soak can report how many faults it injected.
import type { ClientConnection } from './mtproto/connection.js';
import type { Limits } from './limits.js';
import type { FakeDc } from './server.js';

export interface FaultCounts {
  /** `drop()` calls and the connections they closed. */
  drops: number;
  droppedConnections: number;
  /** `stall()` calls and the connections they stalled. */
  stalls: number;
  stalledConnections: number;
  /** `restart()` / `down()` calls. */
  restarts: number;
  /** `resetDuring()` rules armed. */
  resets: number;
  /** Connections the DC accepted since it started (each reconnect of a client is one). */
  connectionsAccepted: number;
}

export interface StallOptions {
  /**
   * `false` (default): requests on the stalled connections are ignored, nothing happens.
   * `true`: they are carried out (a write changes the world) but never answered.
   */
  process?: boolean;
}

export interface FaultInjector {
  /** Closes every open connection at once (a network blip); clients reconnect on their own. */
  drop(): number;
  /**
   * Makes the connections open now half-open: the socket stays up, bytes are accepted, nothing
   * is answered (no results, no pongs, no updates). New connections work. Returns how many.
   */
  stall(options?: StallOptions): number;
  /** Ends a stall on the connections still open (they answer again from now on). */
  resume(): void;
  /** Stops listening and closes every connection: the DC is unreachable (connects refused). */
  down(): Promise<void>;
  /** Listens again on the same port, with the same key and world. */
  up(): Promise<void>;
  /** `down()`, `downMs` later `up()`: a DC restart. */
  restart(options?: { downMs?: number }): Promise<void>;
  /** Whether the DC is reachable (not between `down()` and `up()`). */
  readonly reachable: boolean;
  /** Delays every answer (or those of `method`) by `ms` until `clearDelays()`. */
  delay(ms: number, method?: string): void;
  clearDelays(): void;
  /**
   * Resets the connection on the `nth` call of `method` from now on (e.g. the 3rd
   * `upload.GetFile` or `upload.SaveFilePart`): a reset mid-download or mid-upload.
   */
  resetDuring(method: string, nth?: number): void;
  counts(): FaultCounts;
}

export function createFaultInjector(
  dc: Pick<FakeDc, 'connections' | 'accepted' | 'stop' | 'start' | 'listening'>,
  limits: Limits,
  callsSoFar: (method: string) => number,
): FaultInjector {
  const c = {
    drops: 0,
    droppedConnections: 0,
    stalls: 0,
    stalledConnections: 0,
    restarts: 0,
    resets: 0,
  };
  const open = (): ClientConnection[] => [...dc.connections].filter((x) => x.isOpen);

  const down = async () => {
    c.restarts++;
    await dc.stop();
  };
  return {
    drop() {
      const now = open();
      c.drops++;
      c.droppedConnections += now.length;
      for (const x of now) x.close();
      return now.length;
    },
    stall(options = {}) {
      const now = open().filter((x) => x.fault === 'answering');
      c.stalls++;
      c.stalledConnections += now.length;
      for (const x of now) x.fault = options.process ? 'deaf' : 'stalled';
      return now.length;
    },
    resume() {
      for (const x of open()) x.fault = 'answering';
    },
    down,
    up: () => dc.start(),
    async restart(options = {}) {
      await down();
      await new Promise((r) => setTimeout(r, options.downMs ?? 0));
      await dc.start();
    },
    get reachable() {
      return dc.listening;
    },
    delay(ms, method) {
      limits.add(method ? { kind: 'latency', ms, method } : { kind: 'latency', ms });
    },
    clearDelays() {
      limits.remove((r) => r.kind === 'latency');
    },
    resetDuring(method, nth = 1) {
      c.resets++;
      limits.add({ kind: 'drop', method, nth: callsSoFar(method) + nth });
    },
    counts: () => ({ ...c, connectionsAccepted: dc.accepted() }),
  };
}
