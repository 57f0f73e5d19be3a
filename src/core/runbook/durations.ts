// Durations as written in seed 001's policy: "10m", "90s", "1h", "1h30m".

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export type DurationResult = { ok: true; seconds: number } | { ok: false; message: string };

/** Parses "1h30m10s" style durations; a bare number is refused because its unit is ambiguous. */
export function parseDuration(value: unknown): DurationResult {
  if (typeof value === 'number') {
    return { ok: false, message: `${value} has no unit; write it as ${value}s or ${value}m` };
  }
  if (typeof value !== 'string') return { ok: false, message: 'it must be a duration such as 10m, 90s or 1h' };
  const match = DURATION.exec(value.trim());
  if (!match || value.trim() === '') return { ok: false, message: `"${value}" is not a duration such as 10m, 90s or 1h` };
  const [hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  return { ok: true, seconds: hours * 3600 + minutes * 60 + seconds };
}
