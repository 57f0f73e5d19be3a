// The report's period ("since"): 30m, 12h, 1h30m or 7d before now. Shared by `remediator report --since`
// and the editor's report view, so both accept and refuse the same words.
import { parseDuration } from '../runbook/durations';

export type PeriodResult = { ok: true; seconds: number } | { ok: false; message: string };

export function parsePeriod(text: string): PeriodResult {
  const days = /^(\d{1,4})d$/.exec(text.trim());
  if (days) return { ok: true, seconds: Number(days[1]) * 86400 };
  const parsed = parseDuration(text);
  if (!parsed.ok) return { ok: false, message: parsed.message.replace('such as 10m, 90s or 1h', 'such as 30m, 12h or 7d') };
  return parsed;
}
