// Every request the fake DC received: method, time, peer, result. Tests assert on it
// ("exactly 10 GetHistory calls", "no write was sent", "at most 4 requests in any second").

export interface RequestRecord {
  /** gramjs class name of the request, e.g. `messages.GetHistory`. */
  method: string;
  /** Milliseconds since epoch when it arrived. */
  at: number;
  /** `user:<id>`, `chat:<id>` or `channel:<id>` when the request names one. */
  peer?: string;
  /** `ok`, or the RPC error message (`FLOOD_WAIT_30`), or `dropped`. */
  result: string;
}

/** Methods that change something on Telegram's side. */
export const WRITE_METHODS: ReadonlySet<string> = new Set([
  'messages.SendMessage',
  'messages.SendMedia',
  'messages.SendMultiMedia',
  'messages.ForwardMessages',
  'messages.EditMessage',
  'messages.DeleteMessages',
  'messages.AddChatUser',
  'messages.DeleteChatUser',
  'messages.ReadHistory',
  'channels.InviteToChannel',
  'channels.EditBanned',
  'channels.JoinChannel',
  'messages.ImportChatInvite',
  'channels.LeaveChannel',
  'channels.ReadHistory',
  'channels.DeleteMessages',
  'upload.SaveFilePart',
  'upload.SaveBigFilePart',
  'auth.AcceptLoginToken',
  'auth.ResetAuthorizations',
  'account.UpdateProfile',
]);

export class RequestLog {
  private readonly records: RequestRecord[] = [];

  add(record: RequestRecord): void {
    this.records.push(record);
  }
  all(): readonly RequestRecord[] {
    return this.records;
  }
  count(method?: string): number {
    return method ? this.records.filter((r) => r.method === method).length : this.records.length;
  }
  writes(): RequestRecord[] {
    return this.records.filter((r) => WRITE_METHODS.has(r.method));
  }
  /** The most requests (of `method`, or all) that arrived within any window of `windowMs`. */
  maxInWindow(windowMs: number, method?: string): number {
    const times = this.records.filter((r) => !method || r.method === method).map((r) => r.at);
    let best = 0;
    let start = 0;
    for (let end = 0; end < times.length; end++) {
      while (times[end]! - times[start]! >= windowMs) start++;
      best = Math.max(best, end - start + 1);
    }
    return best;
  }
  clear(): void {
    this.records.length = 0;
  }
}
