import { stringify } from 'yaml';
import { ExportServeError, alertmanagerReceiver, exportServe } from '../../core/export/serve';
import { JOB_IMAGE } from '../../core/export/image';
import { parseArgs, required, single } from '../args';
import { EXIT_OK, InputError, UsageError, type Command } from '../io';
import { loadRunbookDir } from '../runbookDir';

export const EXPORT_SERVE_HELP = `Usage: remediator export-serve --runbooks DIR --namespace NS [options]

Prints the manifests that run "remediator serve" in the cluster as Alertmanager's receiver: a Deployment
of 2 replicas (both receive and act; the incident ledger lets one act per incident), a Service, a NetworkPolicy admitting only
Alertmanager's namespace, a ServiceAccount with the Roles every runbook's steps need (and nothing else),
a ConfigMap of the runbooks, and a PodDisruptionBudget. The receiver to add to Alertmanager's
configuration is printed first, as a comment.
  --runbooks DIR                the runbooks (*.yaml directly in DIR), validated
  --namespace NS                where serve runs
  --state-namespace NS          shared state (default remediator-system)
  --alertmanager-namespace NS   the only namespace allowed to connect (default monitoring)
  --token-secret NAME           Secret with key "token", the bearer token (default remediator-serve-token)
  --notify-secret NAME          Secret with key "notify.yaml", the notification channels
  --tls-secret NAME             a kubernetes.io/tls Secret: serve listens with TLS
  --prometheus-url URL          Prometheus for metric preconditions and verification
  --image IMAGE                 default: the image "npm run image" builds
  --shadow                      decide and record only: never act
`;

const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function dnsName(flag: string, value: string): string {
  if (!NAME.test(value)) throw new UsageError(`--${flag} ${JSON.stringify(value)} is not a valid Kubernetes name (lowercase letters, digits, "-", at most 63)`);
  return value;
}

export const exportServeCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, {
    values: ['runbooks', 'namespace', 'state-namespace', 'alertmanager-namespace', 'token-secret', 'notify-secret', 'tls-secret', 'prometheus-url', 'image'],
    booleans: ['help', 'shadow'],
  });
  if (args.booleans.has('help')) { io.stdout(EXPORT_SERVE_HELP); return EXIT_OK; }
  const dir = required(args, 'runbooks');
  const opt = (flag: string) => { const v = single(args, flag); return v === undefined ? undefined : dnsName(flag, v); };
  const options = {
    namespace: dnsName('namespace', required(args, 'namespace')),
    stateNamespace: opt('state-namespace') ?? 'remediator-system',
    alertmanagerNamespace: opt('alertmanager-namespace') ?? 'monitoring',
    tokenSecret: opt('token-secret') ?? 'remediator-serve-token',
    notifySecret: opt('notify-secret'),
    tlsSecret: opt('tls-secret'),
    prometheusUrl: single(args, 'prometheus-url'),
    image: single(args, 'image') ?? JOB_IMAGE,
    shadow: args.booleans.has('shadow'),
  };
  if (options.prometheusUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(options.prometheusUrl)) {
    throw new UsageError('--prometheus-url must be an http:// or https:// URL');
  }
  const sources = loadRunbookDir(io, dir);
  let docs: object[];
  try {
    docs = exportServe(sources, options);
  } catch (err) {
    if (err instanceof ExportServeError) throw new InputError(err.message);
    throw err;
  }
  const receiver = alertmanagerReceiver(options).split('\n').map((l) => `# ${l}`).join('\n');
  io.stdout(`# Add to Alertmanager's configuration (and route the alerts your runbooks match to it):\n${receiver}\n---\n`
    + docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n'));
  return EXIT_OK;
};
