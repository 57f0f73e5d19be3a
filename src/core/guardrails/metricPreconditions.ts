import { compileCondition, type CompiledCondition } from '../metrics/condition';
import { readingOf } from '../metrics/readings';
import type { VerdictStatus } from '../model/verdict';
import { defineGuardrail, verdict } from './common';

/**
 * spec.guardrails.metricPreconditions: the symptom that triggered the incident must still be measurable
 * right now. The values are measured before deciding (the decision stays pure) and passed in `ctx.metrics`.
 * A false condition blocks (`fail`: the symptom is gone); a value that is missing, has no data or could not
 * be read is `error` (abort, fail closed): acting without knowing is what the precondition exists to prevent.
 */
export const metricPreconditions = defineGuardrail('metricPreconditions', (ctx) => {
  const id = 'metricPreconditions';
  const preconditions = ctx.runbook.spec.guardrails.metricPreconditions ?? [];
  if (preconditions.length === 0) return verdict(id, 'skip', 'the runbook has no metric preconditions');
  const results = preconditions.map((p) => {
    const reading = readingOf(ctx.metrics?.[p.name]);
    const base = { name: p.name, condition: p.condition, ...(reading?.query !== undefined ? { query: reading.query } : {}) };
    if (!reading) return { ...base, status: 'error' as VerdictStatus, text: `${p.name} was not measured (no value given for it)` };
    if (reading.kind === 'error') return { ...base, status: 'error' as VerdictStatus, text: `${p.name} could not be measured: ${reading.message}` };
    if (reading.kind === 'no_data') {
      return { ...base, status: 'error' as VerdictStatus, text: `${p.name} has no data (${reading.reason}), so the symptom cannot be confirmed` };
    }
    const compiled = compiledCondition(p.condition);
    if (!compiled.ok) return { ...base, value: reading.value, status: 'error' as VerdictStatus, text: `${p.name}: ${compiled.message}` };
    const outcome = compiled.condition.evaluate({ result: reading.value });
    if (!outcome.ok) return { ...base, value: reading.value, status: 'error' as VerdictStatus, text: `${p.name}: ${outcome.error}` };
    return outcome.value
      ? { ...base, value: reading.value, status: 'pass' as VerdictStatus, text: `${p.name} ${shown(reading.value)} holds ${p.condition}` }
      : { ...base, value: reading.value, status: 'fail' as VerdictStatus, text: `${notHolding(p.name, reading.value, p.condition)}: the symptom is gone` };
  });
  const evidence = { preconditions: results.map(({ text: _text, ...rest }) => rest) };
  const status: VerdictStatus = results.some((r) => r.status === 'error') ? 'error' : results.some((r) => r.status === 'fail') ? 'fail' : 'pass';
  const reasons = results.filter((r) => r.status === status).map((r) => r.text);
  return verdict(id, status, reasons.join('; '), evidence);
});

const compiled = new Map<string, { ok: true; condition: CompiledCondition } | { ok: false; message: string }>();

/** Conditions were compiled when the runbook was validated; this compiles each source once per process. */
function compiledCondition(source: string): { ok: true; condition: CompiledCondition } | { ok: false; message: string } {
  let found = compiled.get(source);
  if (!found) {
    const c = compileCondition(source, ['result']);
    found = c.ok ? c : { ok: false, message: c.problem.message };
    if (compiled.size < 1000) compiled.set(source, found);
  }
  return found;
}

/** 0.00, 12.5, 1.2e-7: enough digits to compare with a threshold. */
export function shown(value: number): string {
  if (value === 0 || Number.isInteger(value)) return value.toFixed(Number.isInteger(value) && value !== 0 ? 0 : 2);
  const abs = Math.abs(value);
  return abs >= 0.01 && abs < 1e6 ? String(Number(value.toFixed(abs < 1 ? 4 : 2))) : value.toPrecision(3);
}

const SIMPLE = /^\s*result\s*(>=|<=|>|<|==|!=)\s*(.+?)\s*$/;

/** "errors-present 0.00 is not > 0.05" for `result OP x`, a generic sentence otherwise. */
function notHolding(name: string, value: number, condition: string): string {
  const m = SIMPLE.exec(condition);
  return m ? `${name} ${shown(value)} is not ${m[1]} ${m[2]}` : `${name} ${shown(value)} does not satisfy ${condition}`;
}
