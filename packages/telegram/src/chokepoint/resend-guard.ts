// What happens to requests in flight when a sender reconnects. gramjs resends every request it
// sent and got no answer for, however often the connection breaks, and silently loses the ones
// queued but not yet sent (its _reconnect clears the queue). Here, at each reconnect: a write
// that was sent is taken off the resend list and fails with ConnectionInterruptedError (in
// doubt: the caller settles it, nothing is resent blindly); a read is resent once, and fails
// the same way if the connection breaks again; requests never sent are queued again.
import { ConnectionInterruptedError } from '../errors.js';
import { WRAPPERS, WRITE_METHODS } from './methods.js';

interface Request {
  className: string;
  query?: Request;
}

interface State {
  request: Request;
  msgId?: unknown;
  reject: (reason?: unknown) => void;
}

export interface ReconnectingSender {
  _reconnect?: () => Promise<void>;
  _userConnected?: boolean;
  _pendingState?: { delete(msgId: unknown): void };
  _sendQueue?: {
    _pendingStates?: State[];
    _queue?: Array<State | undefined>;
    append(state: State): void;
  };
}

/** Pings and acks are housekeeping: resent or dropped by gramjs as it likes. */
const HOUSEKEEPING = new Set(['Ping', 'PingDelayDisconnect', 'MsgsAck']);
/** File parts are idempotent (same file id and part number): resent once, like reads. */
const RESENDABLE = new Set(['upload.SaveFilePart', 'upload.SaveBigFilePart']);

function methodOf(request: Request): string {
  let r = request;
  while (WRAPPERS.has(r.className) && r.query) r = r.query;
  return r.className;
}

export interface ResendGuardOptions {
  /** Told of every request failed here (stats, logs). */
  onInterrupted?: (method: string, write: boolean) => void;
}

/** Installs the guard on one gramjs sender (idempotent per sender). */
export function guardResends(sender: ReconnectingSender, options: ResendGuardOptions = {}): void {
  const original = sender._reconnect?.bind(sender);
  const queue = sender._sendQueue;
  if (!original || !queue) return;
  const resent = new WeakMap<State, number>();

  sender._reconnect = async () => {
    // A state is listed once per time it was queued (gramjs appends it again at each resend).
    const live = [...new Set(queue._pendingStates ?? [])];
    const failed = new Set<State>();
    for (const st of live) {
      if (st.msgId === undefined) continue;
      const method = methodOf(st.request);
      if (HOUSEKEEPING.has(method)) continue;
      const write = WRITE_METHODS.has(method) && !RESENDABLE.has(method);
      const times = (resent.get(st) ?? 0) + 1;
      resent.set(st, times);
      if (!write && times <= 1) continue;
      failed.add(st);
      sender._pendingState?.delete(st.msgId);
      options.onInterrupted?.(method, write);
      st.reject(new ConnectionInterruptedError(method, write));
    }
    // gramjs resends what is still listed here: never the failed ones.
    if (failed.size && queue._pendingStates)
      queue._pendingStates = queue._pendingStates.filter((st) => !failed.has(st));
    const unsent = live.filter((st) => st.msgId === undefined);
    await original();
    if (!sender._userConnected) return;
    // Queued but never sent: gramjs dropped them with its queue. Queue them again.
    const waiting = new Set(queue._pendingStates ?? []);
    const queued = new Set(queue._queue ?? []);
    for (const st of unsent)
      if (waiting.has(st) && st.msgId === undefined && !queued.has(st)) queue.append(st);
  };
}
