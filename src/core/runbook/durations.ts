// Durations as written in a remediation_policy: "10m", "90s", "1h", "1h30m".
import { SECONDS_PER_YEAR } from '../guardrails/limits';

const DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/;

export type DurationResult = { ok: true; seconds: number } | { ok: false; message: string };

/**
 * Parses "1h30m10s" style durations; a bare number is refused because its unit is ambiguous, and
 * anything longer than a year is refused because no guardrail window may be longer (a huge window
 * makes date arithmetic leave the range of valid dates).
 */
export function parseDuration(value: unknown): DurationResult {
  if (typeof value === 'number') {
    return { ok: false, message: `${value} has no unit; write it as ${value}s or ${value}m` };
  }
  if (typeof value !== 'string') return { ok: false, message: 'it must be a duration such as 10m, 90s or 1h' };
  const match = DURATION.exec(value.trim());
  if (!match || value.trim() === '') return { ok: false, message: `"${value}" is not a duration such as 10m, 90s or 1h` };
  const [hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0));
  const total = hours * 3600 + minutes * 60 + seconds;
  if (!Number.isFinite(total) || total > SECONDS_PER_YEAR) {
    return { ok: false, message: `"${value.trim()}" is longer than a year; a duration must be at most a year (8760h)` };
  }
  return { ok: true, seconds: total };
}
