// The limiter's fast path: concurrent callers send their takes to the store at once (a network
// store pipelines them) and the outcomes are settled in call order. No caller passes one whose
// take was denied: that caller is owed the token of the next later take that goes through.
import type { TakeResult } from '../stores/types.js';

/** How a caller's turn on the fast path ended. */
export type Verdict<G> =
  /** `handedOver`: the token came from the take of a later caller in the same pipeline. */
  | { kind: 'granted'; at: number; handedOver: boolean }
  | { kind: 'queued'; grant: Promise<G> }
  | { kind: 'failed'; error: unknown }
  /** Its own take went through after the signal aborted (`error`): the token must go back. */
  | { kind: 'abandoned'; error: unknown };

/** One caller's turn. A class, not object literals: one shape keeps the hot path fast. */
export class Turn<G> {
  verdict: Verdict<G> | undefined = undefined;
  arrived = false;
  result: TakeResult | undefined = undefined;
  error: unknown = undefined;
  wake: ((verdict: Verdict<G>) => void) | undefined = undefined;
  onAbort: (() => void) | undefined = undefined;
  constructor(
    readonly cost: number,
    readonly priority: number,
    readonly signal: AbortSignal | undefined,
    /** The caller's clock when it asked (ms). */
    readonly startedAt: number,
  ) {}

  settle(verdict: Verdict<G>): void {
    this.verdict = verdict;
    this.wake?.(verdict);
  }

  /** The verdict, once there is one. */
  settled(): Verdict<G> | Promise<Verdict<G>> {
    return this.verdict ?? new Promise<Verdict<G>>((resolve) => (this.wake = resolve));
  }
}

export interface TakePipelineOptions<G> {
  /** Sends a take for a held caller whose turn came (with the clock of now, not of its call). */
  take(cost: number): Promise<TakeResult>;
  /** True while the wait queue holds callers; newcomers then go behind them. */
  queueBusy(): boolean;
  enqueue(turn: Turn<G>): Promise<G>;
}

export interface TakePipeline<G> {
  /**
   * Places a turn. True: its take is to be sent now, by the caller, who reports the outcome with
   * `arrived` (awaiting the store directly keeps extra promises off the hot path). False: it
   * waits here or went to the wait queue; `turn.settled()` gives the verdict either way.
   */
  enter(turn: Turn<G>): boolean;
  arrived(turn: Turn<G>, result: TakeResult | undefined, error?: unknown): void;
  /** Callers denied or held back here, not yet granted or handed to the wait queue. */
  readonly waiting: number;
}

export function createTakePipeline<G>(options: TakePipelineOptions<G>): TakePipeline<G> {
  // Takes sent and not yet settled, in call order. All have the same cost, so a token taken for
  // any of them fits whichever caller is owed one.
  const inFlight: Turn<G>[] = [];
  // Denied callers, in call order; each later take that goes through is handed to the first.
  const owed: Turn<G>[] = [];
  // Callers that came while someone was owed, or with another cost than the takes in flight.
  const held: Turn<G>[] = [];

  const failed = (signal: AbortSignal): Verdict<G> => ({ kind: 'failed', error: signal.reason });

  function wait(list: Turn<G>[], turn: Turn<G>): void {
    const { signal } = turn;
    if (signal) {
      // Waiting here costs no store call, so an abort rejects at once.
      turn.onAbort = () => {
        const at = list.indexOf(turn);
        if (at >= 0) list.splice(at, 1);
        turn.settle(failed(signal));
      };
      signal.addEventListener('abort', turn.onAbort, { once: true });
    }
    list.push(turn);
  }

  function stopWaiting(turn: Turn<G>): void {
    if (turn.onAbort) turn.signal?.removeEventListener('abort', turn.onAbort);
  }

  // In flight (true: its take is to be sent), to the wait queue (true, settled), or false when
  // going now would pass someone.
  function place(turn: Turn<G>): boolean {
    if (options.queueBusy()) {
      turn.settle({ kind: 'queued', grant: options.enqueue(turn) });
      return true;
    }
    if (owed.length > 0 || (inFlight.length > 0 && inFlight[0]!.cost !== turn.cost)) return false;
    inFlight.push(turn);
    return true;
  }

  // For a held caller whose turn came: it is suspended in settled(), so the take is sent here.
  function send(turn: Turn<G>): void {
    try {
      options.take(turn.cost).then(
        (result) => arrived(turn, result),
        (error: unknown) => arrived(turn, undefined, error),
      );
    } catch (error) {
      // A store that throws instead of rejecting: settle it like a rejection, in order.
      queueMicrotask(() => arrived(turn, undefined, error));
    }
  }

  function arrived(turn: Turn<G>, result: TakeResult | undefined, error?: unknown): void {
    turn.arrived = true;
    turn.result = result;
    turn.error = error;
    // Settle from the oldest, stopping at a take still in flight.
    while (inFlight.length > 0 && inFlight[0]!.arrived) decide(inFlight.shift()!);
    if (inFlight.length === 0) release();
  }

  function decide(turn: Turn<G>): void {
    const { result, signal } = turn;
    if (!result) return turn.settle({ kind: 'failed', error: turn.error });
    if (!result.ok) {
      if (signal?.aborted) return turn.settle(failed(signal));
      return wait(owed, turn);
    }
    const heir = owed.shift();
    if (heir) {
      // An earlier caller was denied: it gets this token, and this caller waits behind it.
      stopWaiting(heir);
      heir.settle({ kind: 'granted', at: result.at, handedOver: true });
      if (signal?.aborted) return turn.settle(failed(signal));
      return wait(owed, turn);
    }
    turn.settle(
      signal?.aborted
        ? { kind: 'abandoned', error: signal.reason }
        : { kind: 'granted', at: result.at, handedOver: false },
    );
  }

  // Nothing in flight: owed callers go to the wait queue in call order, then the held ones.
  function release(): void {
    while (owed.length > 0) {
      const turn = owed.shift()!;
      stopWaiting(turn);
      turn.settle({ kind: 'queued', grant: options.enqueue(turn) });
    }
    while (held.length > 0 && place(held[0]!)) {
      const turn = held.shift()!;
      stopWaiting(turn);
      if (!turn.verdict) send(turn);
    }
  }

  return {
    enter(turn) {
      if (held.length === 0 && place(turn)) return !turn.verdict;
      wait(held, turn);
      return false;
    },
    arrived,
    get waiting() {
      return owed.length + held.length;
    },
  };
}
