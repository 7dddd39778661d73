/**
 * `new Date(ms).toISOString()` at a fraction of the cost, for the per-event and per-finding dates of
 * the activity ingest (a Date and its formatting were ~2 µs each, several per finding). The text is
 * the hour's prefix, formatted once per hour, and the shared `mm:ss.000Z` of the second: CloudTrail
 * times are whole seconds. Any other time (sub-second, fractional, outside the Date range, NaN)
 * goes to Date itself, so the result — and the RangeError on NaN — is always Date's.
 */

const HOUR = 3_600_000;
/** The Date range (±100 million days), a whole number of hours. */
const MAX_MS = 8.64e15;

/** `mm:ss.000Z` for each second of an hour (built on first use). */
let seconds: string[] | undefined;
function secondsOfHour(): string[] {
  if (!seconds) {
    seconds = [];
    for (let s = 0; s < 3600; s++) seconds.push(`${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}.000Z`);
  }
  return seconds;
}

/** The last two hours formatted: a finding's window and its events often straddle an hour. */
let hourAt = Number.NaN;
let hourPrefix = '';
let prevAt = Number.NaN;
let prevPrefix = '';
let lastMs = Number.NaN;
let lastIso = '';

export function isoTime(ms: number): string {
  if (ms === lastMs) return lastIso;
  if (!Number.isInteger(ms) || ms < -MAX_MS || ms > MAX_MS || ms % 1000 !== 0) return new Date(ms).toISOString();
  const into = ((ms % HOUR) + HOUR) % HOUR;
  const hour = ms - into;
  if (hour !== hourAt) {
    const at = hourAt;
    const prefix = hourPrefix;
    if (hour === prevAt) hourPrefix = prevPrefix;
    else {
      const iso = new Date(hour).toISOString();
      // Strip `mm:ss.sssZ`: years past 9999 have a longer prefix (`+010000-…`), so count from the end.
      hourPrefix = iso.slice(0, iso.length - 10);
    }
    hourAt = hour;
    prevAt = at;
    prevPrefix = prefix;
  }
  lastIso = hourPrefix + (secondsOfHour()[into / 1000] as string);
  lastMs = ms;
  return lastIso;
}
