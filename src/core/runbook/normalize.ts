// Builds the engine's typed Runbook from schema-valid data: the command string becomes a typed
// Action (kept as actionCommand for display) and optional fields get their defaults.
import type { Action, Runbook } from '../model/runbook';
import { parseActionCommand } from './actionCommand';

export type NormalizeResult = { ok: true; runbook: Runbook } | { ok: false; message: string };

interface ActionSource { command?: string; type?: Action['type'] }

function typedAction(source: ActionSource & Record<string, unknown>): Action {
  const typed = { ...source };
  delete typed.command;
  return typed as Action;
}

/** `data` must already satisfy the schema; it is not modified (the result shares its leaves). */
export function normalizeRunbook(data: unknown): NormalizeResult {
  const input = data as Runbook & { spec: { action: ActionSource & Record<string, unknown> } };
  const spec = input.spec;
  let action: Action;
  let actionCommand: string | undefined;
  if (typeof spec.action.command === 'string') {
    const parsed = parseActionCommand(spec.action.command);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    action = parsed.action;
    actionCommand = spec.action.command;
  } else {
    action = typedAction(spec.action);
  }
  const runbook: Runbook = {
    ...input,
    spec: {
      ...spec,
      triggers: { ...spec.triggers, probableCauses: spec.triggers.probableCauses ?? [] },
      scope: { ...spec.scope, requiredLabels: spec.scope.requiredLabels ?? {} },
      guardrails: spec.guardrails ?? {},
      action,
      ...(actionCommand !== undefined ? { actionCommand } : {}),
    },
  };
  return { ok: true, runbook };
}
