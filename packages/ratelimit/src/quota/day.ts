// Day boundaries in a named IANA time zone (default UTC), independent of the host's zone.
import { InvalidOptionError } from '../errors.js';

export interface DayWindow {
  /** `YYYY-MM-DD` in the time zone. */
  day: string;
  /** When this day ends in the time zone (ms since epoch). */
  endsAt: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function validateTimeZone(timeZone: unknown): string {
  if (typeof timeZone !== 'string' || timeZone === '') {
    throw new InvalidOptionError(
      'timeZone',
      'must be an IANA time zone name such as "UTC" or "Europe/Berlin"',
      timeZone,
    );
  }
  try {
    formatter(timeZone);
  } catch {
    throw new InvalidOptionError(
      'timeZone',
      'must be an IANA time zone name such as "UTC" or "Europe/Berlin"',
      timeZone,
    );
  }
  return timeZone;
}

function wallParts(ms: number, timeZone: string): [number, number, number, number, number, number] {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return [
    parts.year ?? 0,
    parts.month ?? 1,
    parts.day ?? 1,
    parts.hour ?? 0,
    parts.minute ?? 0,
    parts.second ?? 0,
  ];
}

/** The zone's offset from UTC at instant `ms` (wall time minus UTC, in ms). */
function offsetAt(ms: number, timeZone: string): number {
  const [y, mo, d, h, mi, s] = wallParts(ms, timeZone);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(ms / 1000) * 1000;
}

export function dayWindow(nowMs: number, timeZone: string): DayWindow {
  const [y, mo, d] = wallParts(nowMs, timeZone);
  const day = `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  // Next local midnight as a UTC instant; two passes settle a DST change between now and then.
  const wallMidnight = Date.UTC(y, mo - 1, d + 1);
  let endsAt = wallMidnight - offsetAt(nowMs, timeZone);
  endsAt = wallMidnight - offsetAt(endsAt, timeZone);
  if (endsAt <= nowMs) endsAt = nowMs + 1;
  return { day, endsAt };
}
