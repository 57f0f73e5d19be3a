// Hover text for the runbook's duration and timeout fields: the value under the cursor in seconds (and
// in hours/minutes/seconds), with the bounds the engine enforces (src/core/guardrails/limits.ts, the
// duration parser, the schema). Plain text logic, no `vscode` import.
import { GUARDRAIL_LIMITS, SECONDS_PER_YEAR, type LimitName } from '../../core/guardrails/limits';
import { parseDuration } from '../../core/runbook/durations';
import { schemaAt } from './schemaNav';
import type { PathSegment } from './yamlPath';

/** Metric fields written as durations ("30s", "1h30m"). */
const DURATION_KEYS = new Set(['initialDelay', 'interval']);

/** 5400 → "1h 30m"; 45 → "45s"; 0 → "0s". */
export function spelled(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h ? `${h}h` : '', m ? `${m}m` : '', s || (!h && !m) ? `${s}s` : ''].filter(Boolean);
  return parts.join(' ');
}

const count = (n: number) => n.toLocaleString('en-US');

/** The scalar after "key:" without quotes or a trailing comment; undefined when there is none. */
export function scalarValue(rest: string | undefined): string | undefined {
  if (rest === undefined) return undefined;
  const quoted = /^(["'])(.*?)\1/.exec(rest);
  const text = quoted ? quoted[2] : rest.replace(/(^|\s+)#.*$/, '').trim();
  return text === '' ? undefined : text;
}

function durationText(value: string | undefined): string {
  const bounds = `at most a year (${count(SECONDS_PER_YEAR)} s); a bare number has no unit and is refused`;
  if (value === undefined) return `Duration bounds: ${bounds}.`;
  // An unquoted number is a YAML number, which the parser refuses for having no unit.
  const parsed = parseDuration(/^\d+$/.test(value) ? Number(value) : value);
  if (!parsed.ok) return `Duration: ${parsed.message}. Bounds: ${bounds}.`;
  return `Duration: \`${value}\` = **${count(parsed.seconds)} s** (${spelled(parsed.seconds)}). Bounds: ${bounds}.`;
}

function numberValue(value: string | undefined): number | undefined {
  if (value === undefined || !/^-?\d+(\.\d+)?$/.test(value)) return undefined;
  return Number(value);
}

function guardrailText(name: LimitName, value: string | undefined): string {
  const { min, max } = GUARDRAIL_LIMITS[name];
  const perUnit = name.endsWith('Minutes') ? 60 : 1;
  const unit = perUnit === 60 ? 'min' : 's';
  const bounds = `${count(min)}–${count(max)} ${unit} (${spelled(min * perUnit)} to ${max * perUnit >= SECONDS_PER_YEAR ? 'a year' : spelled(max * perUnit)})`;
  const n = numberValue(value);
  if (n === undefined) return `Bounds: ${bounds}.`;
  const inside = n >= min && n <= max ? '' : ' — **outside the bounds**: the guardrail reports an error';
  return `\`${value}\` ${unit} = **${count(n * perUnit)} s** (${spelled(Math.round(n * perUnit))})${inside}. Bounds: ${bounds}.`;
}

function timeoutText(path: readonly PathSegment[], value: string | undefined): string | undefined {
  const schema = schemaAt(path) as { minimum?: number; maximum?: number } | undefined;
  const bounds = schema?.minimum !== undefined && schema.maximum !== undefined
    ? ` Bounds: ${count(schema.minimum)}–${count(schema.maximum)} s (${spelled(schema.minimum)} to ${spelled(schema.maximum)}).` : '';
  const n = numberValue(value);
  if (n === undefined) return bounds ? bounds.trim() : undefined;
  return `\`${value}\` s = **${spelled(Math.round(n))}**.${bounds}`;
}

/** Markdown for the field at `path` whose scalar text is `rest` (after the colon), or undefined when it is not a duration field. */
export function durationHover(path: readonly PathSegment[], rest: string | undefined): string | undefined {
  const keys = path.filter((s): s is string => typeof s === 'string');
  const key = keys.at(-1);
  if (key === undefined) return undefined;
  const value = scalarValue(rest);
  if (keys[0] === 'spec' && keys[1] === 'verification' && keys[2] === 'metrics' && DURATION_KEYS.has(key) && keys.length === 4) return durationText(value);
  if (keys[0] === 'spec' && keys[1] === 'guardrails') {
    const name = keys.slice(2).join('.');
    if (name in GUARDRAIL_LIMITS && /(Minutes|Seconds)$/.test(name)) return guardrailText(name as LimitName, value);
  }
  if (key === 'timeoutSeconds' && keys.length === 3 && keys[1] === 'verification') return timeoutText(path, value);
  return undefined;
}
