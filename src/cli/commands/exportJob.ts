import { stringify } from 'yaml';
import { JOB_IMAGE, exportJob } from '../../core/export/job';
import { parseArgs, required, single } from '../args';
import { EXIT_OK, type Command } from '../io';
import { loadRunbookText } from '../runbookFile';

export const EXPORT_JOB_HELP = `Usage: remediator export-job --runbook FILE [--namespace NS] [--state-namespace NS] [--image IMAGE] [--schedule CRON]

Prints a ServiceAccount, a least-privilege Role and RoleBinding in each allowed namespace (every request the
runbook's steps make), a Role for the shared state, a ClusterRole to read only the allowed Namespace objects,
and a CronJob running "remediator scan". The image defaults to the one "npm run image" builds.
`;

export const exportJobCommand: Command = async (argv, io) => {
  const args = parseArgs(argv, { values: ['runbook', 'namespace', 'state-namespace', 'image', 'schedule'], booleans: ['help'] });
  if (args.booleans.has('help')) { io.stdout(EXPORT_JOB_HELP); return EXIT_OK; }
  const file = required(args, 'runbook');
  // One read (runbook limit): the ConfigMap embeds exactly the text that was validated.
  const { runbook, text } = loadRunbookText(io, file);
  const docs = exportJob(runbook, text, {
    namespace: single(args, 'namespace'),
    stateNamespace: single(args, 'state-namespace') ?? 'remediator-system',
    image: single(args, 'image') ?? JOB_IMAGE,
    schedule: single(args, 'schedule') ?? '*/10 * * * *',
  });
  io.stdout(docs.map((d) => stringify(d, { lineWidth: 0 })).join('---\n'));
  return EXIT_OK;
};
