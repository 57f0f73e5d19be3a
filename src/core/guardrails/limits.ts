// The bounds of every numeric guardrail setting. The runbook schema states the same numbers (a unit
// test compares them); the guardrails check them again, because a runbook object can reach the engine
// without the schema (the API, a test, an older file) and an unbounded window turns date arithmetic
// into an invalid date.

/** One year: the longest window or wait any guardrail accepts. */
export const MINUTES_PER_YEAR = 525_600;
export const SECONDS_PER_YEAR = MINUTES_PER_YEAR * 60;

export interface Limit { min: number; max: number }

export const GUARDRAIL_LIMITS = {
  minimumReadyReplicasWithSameApp: { min: 0, max: 10_000 },
  maxExecutionsPerHour: { min: 1, max: 1_000 },
  cooldownMinutes: { min: 0, max: MINUTES_PER_YEAR },
  maxConcurrentActions: { min: 1, max: 1_000 },
  'blastRadius.maxTargetsPerRun': { min: 1, max: 10_000 },
  'blastRadius.maxPercentOfReplicas': { min: 1, max: 100 },
  'circuitBreaker.failureThreshold': { min: 1, max: 1_000 },
  'circuitBreaker.windowMinutes': { min: 1, max: MINUTES_PER_YEAR },
  maxStateAgeSeconds: { min: 1, max: SECONDS_PER_YEAR },
  maxMinutesSinceChange: { min: 1, max: MINUTES_PER_YEAR },
} as const satisfies Record<string, Limit>;

export type LimitName = keyof typeof GUARDRAIL_LIMITS;

/** Why a configured value is unusable (not a finite number within its bounds), or undefined when it is fine. */
export function invalidLimit(value: unknown, name: LimitName): string | undefined {
  const { min, max } = GUARDRAIL_LIMITS[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    const shown = typeof value === 'number' ? String(value) : JSON.stringify(value) ?? String(value);
    return `guardrails.${name} is ${shown}; it must be a number from ${min} to ${max}`;
  }
  return undefined;
}
