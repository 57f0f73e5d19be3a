import * as os from 'os';
import * as path from 'path';
import type { CliIO } from './io';

/** The audit log: --audit-file, else $REMEDIATOR_AUDIT_FILE, else ~/.remediator/audit.jsonl. */
export function auditFilePath(io: CliIO, flag?: string): string {
  const chosen = flag ?? io.env.REMEDIATOR_AUDIT_FILE;
  if (chosen) return path.resolve(io.cwd, chosen);
  return path.join(io.env.HOME ?? os.homedir(), '.remediator', 'audit.jsonl');
}
