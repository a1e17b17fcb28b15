// What a person or a model may write for a chat: `@username`, `username`, t.me links (public,
// `+invite`, `joinchat/`, `c/<id>` message links), `tg://resolve`, numeric ids in marked form
// (`-100<id>` channel, `-<id>` basic group, `<id>` user or raw id) and `me`. Parsed without any
// network; resolving happens later. The seed treated digit strings as usernames (D44).
import { InvalidInputError } from '../errors.js';

export type PeerRef =
  | { kind: 'self' }
  | { kind: 'username'; username: string }
  | { kind: 'invite'; hash: string }
  /** `type` is known for marked ids; a plain positive id may be a user or a raw channel id. */
  | { kind: 'id'; type: 'user' | 'chat' | 'channel' | 'unknown'; id: string };

const USERNAME = /^[A-Za-z][A-Za-z0-9_]{3,31}$/;
const LINK = /^(?:https?:\/\/)?(?:www\.)?(?:t|telegram)\.(?:me|dog)\/(.+)$/i;

function fail(field: string, input: unknown, why: string): never {
  throw new InvalidInputError(field, `${why} (got ${JSON.stringify(input)})`);
}

function fromPath(input: string, rest: string, field: string): PeerRef {
  const clean = rest.split(/[?#]/)[0]!.replace(/\/+$/, '');
  const parts = clean.split('/');
  const [first, second] = parts;
  if (!first) fail(field, input, 'link has no chat in it');
  if (first.startsWith('+')) {
    const hash = first.slice(1);
    return /^[A-Za-z0-9_-]{8,}$/.test(hash)
      ? { kind: 'invite', hash }
      : fail(field, input, 'invite link is malformed');
  }
  if (first.toLowerCase() === 'joinchat') {
    return second && /^[A-Za-z0-9_-]{8,}$/.test(second)
      ? { kind: 'invite', hash: second }
      : fail(field, input, 'invite link is malformed');
  }
  if (first.toLowerCase() === 'c') {
    return second && /^\d{1,15}$/.test(second)
      ? { kind: 'id', type: 'channel', id: second }
      : fail(field, input, 'private message link is malformed');
  }
  if (first.toLowerCase() === 's' && second && USERNAME.test(second))
    return { kind: 'username', username: second.toLowerCase() };
  return USERNAME.test(first)
    ? { kind: 'username', username: first.toLowerCase() }
    : fail(field, input, 'link does not name a public username');
}

/** `field` names the reference in errors (the caller's parameter: `group`, `username`, ...). */
export function parsePeerRef(input: unknown, field = 'chat'): PeerRef {
  if (typeof input === 'number') {
    if (!Number.isSafeInteger(input) || input === 0)
      fail(field, input, 'numeric id must be a non-zero integer');
    return parsePeerRef(String(input), field);
  }
  if (typeof input !== 'string')
    fail(field, input, 'must be a username, a t.me link, a numeric id or "me"');
  const s = input.trim();
  if (s === '') fail(field, input, 'must not be empty');
  if (/^(me|self)$/i.test(s)) return { kind: 'self' };
  if (/^-100\d{1,15}$/.test(s)) return { kind: 'id', type: 'channel', id: s.slice(4) };
  if (/^-\d{1,15}$/.test(s)) return { kind: 'id', type: 'chat', id: s.slice(1) };
  if (/^\d{1,15}$/.test(s)) return { kind: 'id', type: 'unknown', id: s.replace(/^0+(?=\d)/, '') };
  const tg = /^tg:\/\/resolve\?(?:.*&)?domain=([^&#]+)/i.exec(s);
  if (tg)
    return USERNAME.test(tg[1]!)
      ? { kind: 'username', username: tg[1]!.toLowerCase() }
      : fail(field, input, 'tg:// link names no valid username');
  const link = LINK.exec(s);
  if (link) return fromPath(input, link[1]!, field);
  const name = s.startsWith('@') ? s.slice(1) : s;
  if (USERNAME.test(name)) return { kind: 'username', username: name.toLowerCase() };
  if (/\s/.test(s))
    fail(
      field,
      input,
      'looks like a title; give the @username, a t.me link or the numeric id (titles are ambiguous)',
    );
  return fail(
    field,
    input,
    'must be a username (5-32 letters, digits, _), a t.me link, a numeric id or "me"',
  );
}
