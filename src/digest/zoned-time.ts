/** Calendar fields of an instant in an IANA time zone; weekday 1 = Monday … 7 = Sunday. */
export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isTimeZone(value: string): boolean {
  try {
    formatter(value);
    return true;
  } catch {
    return false;
  }
}

const weekdays: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function zonedParts(instant: Date, timeZone: string): ZonedParts & { second: number } {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: weekdays[parts.weekday!]!,
  };
}

/** How far the zone is ahead of UTC at `instant`, in ms. */
function offsetAt(instant: Date, timeZone: string): number {
  const p = zonedParts(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instant.getTime() / 1000) * 1000;
}

/**
 * The instant a local wall-clock time happens in a zone. Correct across DST changes: the offset is
 * taken at the result, not at a guess. A time skipped by a spring-forward gap resolves to the
 * instant just after the gap; a repeated hour resolves to its first occurrence.
 */
export function zonedTimeToUtc(local: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): Date {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  const day = 86_400_000;
  // The offsets in force a day before and a day after cover both sides of any DST change.
  const candidates = [...new Set([wall - offsetAt(new Date(wall - day), timeZone), wall - offsetAt(new Date(wall + day), timeZone)])].sort((a, b) => a - b);
  const reads = (t: number) => {
    const p = zonedParts(new Date(t), timeZone);
    return p.hour === local.hour && p.minute === local.minute;
  };
  return new Date(candidates.find(reads) ?? candidates.at(-1)!);
}

/** Adds days to a calendar date (no time zone involved). */
function addDays(date: { year: number; month: number; day: number }, days: number) {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export interface LocalWeek {
  /** The Monday that starts the week, as YYYY-MM-DD in the zone: the key a weekly digest is claimed under. */
  key: string;
  start: Date;
  end: Date;
  monday: { year: number; month: number; day: number };
}

/** The Monday-to-Monday week (local midnight to local midnight) that contains `instant`. */
export function localWeek(instant: Date, timeZone: string): LocalWeek {
  const p = zonedParts(instant, timeZone);
  const monday = addDays(p, 1 - p.weekday);
  const nextMonday = addDays(monday, 7);
  const key = `${monday.year}-${String(monday.month).padStart(2, '0')}-${String(monday.day).padStart(2, '0')}`;
  return { key, monday, start: zonedTimeToUtc({ ...monday, hour: 0, minute: 0 }, timeZone), end: zonedTimeToUtc({ ...nextMonday, hour: 0, minute: 0 }, timeZone) };
}

/** When this week's digest is due: its weekday at its local time, in the zone of the workspace. */
export function scheduledInWeek(week: LocalWeek, weekday: number, time: string, timeZone: string): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return zonedTimeToUtc({ ...addDays(week.monday, weekday - 1), hour, minute }, timeZone);
}

export function formatLocalDate(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(instant);
}
