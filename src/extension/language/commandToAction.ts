// The structured action a rejected action command most likely meant ("kubectl delete pod web-1 -n
// prod" -> type: deletePod), and the accepted command shape for an action type. No `vscode` import.
import { ACCEPTED_COMMANDS, parseActionCommand } from '../../core/runbook';
import type { Action } from '../../core/model/runbook';

// A command that chains or substitutes other commands does more than one action could; no guess.
const MORE_THAN_ONE_COMMAND = /\$\(|`|;|&|\||[<>]|[\r\n]/;

/** The typed action the command describes, when it names one clearly; undefined otherwise. */
export function structuredFromCommand(command: string): Action | undefined {
  if (MORE_THAN_ONE_COMMAND.test(command)) return undefined;
  const words = command.trim().split(/\s+/).map((w) => w.replace(/^["']|["']$/g, ''));
  const has = (...wanted: string[]) => wanted.every((w) => words.includes(w));
  if (words[0] === 'helm' && has('rollback')) return { type: 'rollbackDeployment' };
  if (words[0] !== 'kubectl') return undefined;
  const verb = words[1];
  if (verb === 'delete' && (has('pod') || has('pods') || words.some((w) => w.startsWith('pod/')))) return { type: 'deletePod' };
  if (verb === 'rollout' && has('restart')) return { type: 'rolloutRestart' };
  if (verb === 'rollout' && has('undo')) return { type: 'rollbackDeployment' };
  if (verb === 'scale') {
    const replicas = words.map((w) => /^--replicas=(\d{1,5})$/.exec(w)).find((m) => m)?.[1];
    return replicas !== undefined && Number(replicas) <= 10000 ? { type: 'scaleDeployment', replicas: Number(replicas) } : undefined;
  }
  return undefined;
}

/** The accepted command string for an action, when one of the accepted shapes expresses it. */
export function acceptedCommandFor(action: Action): string | undefined {
  for (const shape of ACCEPTED_COMMANDS) {
    const replicas = action.type === 'scaleDeployment' ? action.replicas : undefined;
    const command = replicas !== undefined ? shape.replace('--replicas=N', `--replicas=${replicas}`) : shape;
    const parsed = parseActionCommand(command);
    if (parsed.ok && parsed.action.type === action.type) return command;
  }
  return undefined;
}
