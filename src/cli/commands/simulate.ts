import { decisionContext, decideTargets, scanTargets } from '../../core/engine/decide';
import { decisionJson } from '../../core/engine/output';
import { parseTargetRef } from '../../core/engine/targets';
import { parseArgs, required, single } from '../args';
import { loadHistory, loadIncident, loadMetrics, loadState } from '../inputs';
import { escapeText as e } from '../../core/text/escape';
import { EXIT_OK, UsageError, type Command } from '../io';
import { renderPlans } from '../render';
import { loadRunbook } from '../runbookFile';
import { parseLabel } from '../settings';

export const SIMULATE_HELP = `Usage: remediator simulate --runbook FILE --state FILE [--incident FILE] [--target NS/KIND/NAME]
                          [--history FILE] [--now ISO-TIME] [--restart-label KEY=VALUE] [--kill-switch] [--json] [--verbose]
                          [--metrics FILE]

Decides offline. --state is a Kubernetes List as printed by
  kubectl get pods,deployments,replicasets,poddisruptionbudgets -A -o json
With no --target, every pod carrying the restart label is a target. --metrics is a mapping of
metric name to number (JSON or YAML) that the runbook's metric preconditions compare, e.g. errors-present: 0.3;
a precondition with no value there aborts the plan. Exit 0 whatever the mode,
1 for invalid input, 2 for usage errors.
`;

export const simulateCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, {
    values: ['runbook', 'state', 'incident', 'target', 'history', 'now', 'restart-label', 'metrics'],
    booleans: ['json', 'verbose', 'kill-switch', 'help'],
  });
  if (args.booleans.has('help')) { io.stdout(SIMULATE_HELP); return EXIT_OK; }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const nowText = single(args, 'now');
  const now = nowText === undefined ? new Date() : new Date(nowText);
  if (Number.isNaN(now.getTime())) throw new UsageError(`--now "${nowText}" is not an ISO time`);
  const targetText = single(args, 'target');
  const target = targetText === undefined ? undefined : parseTargetRef(targetText);
  if (targetText !== undefined && !target) throw new UsageError(`--target "${targetText}" is not NAMESPACE/KIND/NAME (kind: pod, deployment or statefulset)`);
  const runbookFile = required(args, 'runbook');
  const stateFile = required(args, 'state');

  const runbook = loadRunbook(io, runbookFile);
  const snapshot = loadState(io, stateFile);
  const incidentFile = single(args, 'incident');
  const incident = incidentFile === undefined ? undefined : loadIncident(io, incidentFile);
  const historyFile = single(args, 'history');
  const history = historyFile === undefined ? [] : loadHistory(io, historyFile);
  const restartLabel = single(args, 'restart-label');
  const metricsFile = single(args, 'metrics');
  const metrics = metricsFile === undefined ? {} : loadMetrics(io, metricsFile);

  const ctx = decisionContext({
    runbook, snapshot, history, now, metrics,
    settings: {
      killSwitch: args.booleans.has('kill-switch'),
      ...(restartLabel ? { restartLabel: parseLabel(restartLabel) } : {}),
    },
  });
  const refs = target ? [target] : scanTargets(ctx);
  const plans = decideTargets(ctx, refs, incident);
  if (args.booleans.has('json')) {
    io.stdout(JSON.stringify({ decisions: plans.map(decisionJson) }, null, 2) + '\n');
  } else if (plans.length === 0) {
    io.stdout(`No targets: no pod carries ${e(`${ctx.settings.restartLabel.key}=${ctx.settings.restartLabel.value}`)}. Name one with --target.\n`);
  } else {
    io.stdout(renderPlans(plans, { verbose: args.booleans.has('verbose') }));
  }
  return EXIT_OK;
};
