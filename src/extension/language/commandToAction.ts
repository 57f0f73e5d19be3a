// The structured action a rejected action command most likely meant ("kubectl delete pod web-1 -n
// prod" -> type: deletePod), and the accepted command shape for an action type; both read the core
// command parser's shapes. No `vscode` import.
import { ACCEPTED_COMMANDS, closestAction, parseActionCommand } from '../../core/runbook';
import type { Action } from '../../core/model/runbook';

/** The typed action the command describes, when it names one clearly; undefined otherwise. */
export function structuredFromCommand(command: string): Action | undefined {
  return closestAction(command);
}

/** The accepted command string for an action, when one of the accepted shapes expresses it. */
export function acceptedCommandFor(action: Action): string | undefined {
  for (const shape of ACCEPTED_COMMANDS) {
    const replicas = 'replicas' in action ? action.replicas : undefined;
    const command = replicas !== undefined ? shape.replace('--replicas=N', `--replicas=${replicas}`) : shape;
    const parsed = parseActionCommand(command);
    if (parsed.ok && parsed.action.type === action.type) return command;
  }
  return undefined;
}
