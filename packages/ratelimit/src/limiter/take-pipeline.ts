// The limiter's fast path: concurrent callers send their takes to the store at once (a network
// store pipelines them) and the outcomes are settled in call order. A caller that finds nobody
// ahead of it reserves its slot in the store (one store call, however long the wait); the slots
// taken here go to the callers in call order, earliest slot first, so nobody passes anyone.
import type { TakeResult } from '../stores/types.js';

/** A slot obtained from the store: when the tokens may be used. */
export interface Slot {
  /** Store time of the slot (ms; Redis server time for the Redis store). */
  at: number;
  /** The caller's clock when the slot comes. */
  readyAt: number;
  /** For a conditional refund; undefined from a store that cannot reserve. */
  reservation: number | undefined;
}

/** How a caller's turn on the fast path ended. */
export type Verdict<G> =
  /** `handedOver`: it waited here (for its own future slot or one of a later caller's take). */
  | { kind: 'granted'; at: number; handedOver: boolean }
  | { kind: 'queued'; grant: Promise<G> }
  | { kind: 'failed'; error: unknown }
  /** Its own take went through after the signal aborted (`error`): the slot must go back. */
  | { kind: 'abandoned'; error: unknown; slot: Slot };

/** One caller's turn. A class, not object literals: one shape keeps the hot path fast. */
export class Turn<G> {
  verdict: Verdict<G> | undefined = undefined;
  arrived = false;
  result: TakeResult | undefined = undefined;
  error: unknown = undefined;
  /** The caller's clock when its take came back. */
  arrivedAt = 0;
  /** The reservation horizon its take was sent with (0: only tokens that are there now). */
  horizonMs = 0;
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
  take(turn: Turn<G>): Promise<TakeResult>;
  /** How far ahead a caller that takes alone may reserve (its class horizon, its maxWaitMs). */
  horizon(turn: Turn<G>): number;
  /** An error to fail a denied caller with instead of owing it a slot (beyond its maxWaitMs). */
  refusal(turn: Turn<G>, result: TakeResult): unknown;
  /** True while the wait queue holds callers; newcomers then go behind them. */
  queueBusy(): boolean;
  enqueue(turn: Turn<G>): Promise<G>;
  /** A slot nobody here can use any more (its caller aborted): give it back if possible. */
  giveBack(slot: Slot, cost: number): void;
  /** True while a slot reserved here is pending: the wait queue must not reserve meanwhile. */
  reserving(active: boolean): void;
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface TakePipeline<G> {
  /**
   * Places a turn. True: its take is to be sent now, by the caller, with `turn.horizonMs`, who
   * reports the outcome with `arrived` (awaiting the store directly keeps extra promises off the
   * hot path). False: it waits here or went to the wait queue; `turn.settled()` gives the
   * verdict either way.
   */
  enter(turn: Turn<G>): boolean;
  arrived(turn: Turn<G>, result: TakeResult | undefined, error?: unknown): void;
  /** Callers denied, held back or waiting for a slot here, not yet granted or queued. */
  readonly waiting: number;
}

export function createTakePipeline<G>(options: TakePipelineOptions<G>): TakePipeline<G> {
  // Takes sent and not yet settled, in call order. All have the same cost, so a slot taken for
  // any of them fits whichever caller is owed one.
  const inFlight: Turn<G>[] = [];
  // Callers waiting for a slot, in call order; owed[i] holds slots[i] (earliest first), the
  // callers past slots.length were denied and hold none yet.
  const owed: Turn<G>[] = [];
  const slots: Slot[] = [];
  // Callers that came while someone was owed, or with another cost than the takes in flight.
  const held: Turn<G>[] = [];
  let timer: AbortController | undefined;

  const failed = (signal: AbortSignal): Verdict<G> => ({ kind: 'failed', error: signal.reason });

  function wait(list: Turn<G>[], turn: Turn<G>): void {
    const { signal } = turn;
    if (signal) {
      // Waiting here costs no store call, so an abort rejects at once.
      turn.onAbort = () => {
        const at = list.indexOf(turn);
        if (at >= 0) list.splice(at, 1);
        // Its slot, if it held one, stays with the callers behind it; one left over goes back.
        if (list === owed && slots.length > owed.length) options.giveBack(slots.pop()!, turn.cost);
        turn.settle(failed(signal));
        if (list === owed) afterSlotsChanged();
      };
      signal.addEventListener('abort', turn.onAbort, { once: true });
    }
    list.push(turn);
  }

  function stopWaiting(turn: Turn<G>): void {
    if (turn.onAbort) turn.signal?.removeEventListener('abort', turn.onAbort);
  }

  function addSlot(slot: Slot): void {
    let i = slots.length;
    while (i > 0 && slots[i - 1]!.readyAt > slot.readyAt) i--;
    slots.splice(i, 0, slot);
  }

  // Grants every owed caller whose slot has come, then sleeps until the next one's.
  function afterSlotsChanged(): void {
    const now = options.now();
    while (slots.length > 0 && slots[0]!.readyAt <= now) {
      const turn = owed.shift()!;
      const slot = slots.shift()!;
      stopWaiting(turn);
      turn.settle({ kind: 'granted', at: slot.at, handedOver: true });
    }
    timer?.abort();
    timer = undefined;
    options.reserving(slots.length > 0);
    if (slots.length > 0) {
      const controller = (timer = new AbortController());
      options.sleep(slots[0]!.readyAt - now, controller.signal).then(
        () => {
          if (timer === controller) afterSlotsChanged();
        },
        () => undefined, // cancelled: the slots changed and a new timer was set
      );
    }
    if (inFlight.length === 0) release();
  }

  // In flight (true: its take is to be sent), to the wait queue (true, settled), or false when
  // going now would pass someone.
  function place(turn: Turn<G>): boolean {
    if (options.queueBusy()) {
      turn.settle({ kind: 'queued', grant: options.enqueue(turn) });
      return true;
    }
    if (owed.length > 0 || (inFlight.length > 0 && inFlight[0]!.cost !== turn.cost)) return false;
    // Alone, it may reserve a slot ahead; beside others only tokens that are there now, so that
    // one process holds one reservation at a time and local priorities still order the rest.
    turn.horizonMs = inFlight.length === 0 ? options.horizon(turn) : 0;
    inFlight.push(turn);
    return true;
  }

  // For a held caller whose turn came: it is suspended in settled(), so the take is sent here.
  function send(turn: Turn<G>): void {
    try {
      options.take(turn).then(
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
    turn.arrivedAt = options.now();
    // Settle from the oldest, stopping at a take still in flight.
    let changed = false;
    while (inFlight.length > 0 && inFlight[0]!.arrived)
      changed = decide(inFlight.shift()!) || changed;
    if (changed) afterSlotsChanged();
    else if (inFlight.length === 0) release();
  }

  /** Settles or owes one turn; true when the slots changed. */
  function decide(turn: Turn<G>): boolean {
    const { result, signal } = turn;
    if (!result) {
      turn.settle({ kind: 'failed', error: turn.error });
      return false;
    }
    if (!result.ok) {
      if (signal?.aborted) turn.settle(failed(signal));
      else {
        const refusal = options.refusal(turn, result);
        if (refusal !== undefined) turn.settle({ kind: 'failed', error: refusal });
        else wait(owed, turn);
      }
      return false;
    }
    const waitMs = result.waitMs ?? 0;
    const slot: Slot = {
      at: result.at + waitMs,
      readyAt: turn.arrivedAt + waitMs,
      reservation: result.reservation,
    };
    if (signal?.aborted) {
      // An earlier caller is owed a slot: it gets this one. Otherwise the slot must go back.
      if (owed.length > slots.length) {
        addSlot(slot);
        turn.settle(failed(signal));
        return true;
      }
      turn.settle({ kind: 'abandoned', error: signal.reason, slot });
      return false;
    }
    if (owed.length === 0 && waitMs <= 0) {
      turn.settle({ kind: 'granted', at: slot.at, handedOver: false });
      return false;
    }
    // Behind earlier callers owed a slot, or its own slot lies ahead: the earliest slots go to
    // the earliest callers.
    addSlot(slot);
    wait(owed, turn);
    return true;
  }

  // Nothing in flight: owed callers without a slot go to the wait queue in call order (which
  // waits while slots reserved here are pending), then the held ones.
  function release(): void {
    while (owed.length > slots.length) {
      const turn = owed.splice(slots.length, 1)[0]!;
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
