import * as path from 'path';
import { defaultAuditFile } from '../adapters/wiring';
import type { CliIO } from './io';

/** The audit log: --audit-file, else $REMEDIATOR_AUDIT_FILE, else the default shared with the editor. */
export function auditFilePath(io: CliIO, flag?: string): string {
  const chosen = flag ?? io.env.REMEDIATOR_AUDIT_FILE;
  if (chosen) return path.resolve(io.cwd, chosen);
  return defaultAuditFile(io.env.HOME);
}
