// The channel names of remediator.notifyConfig (the file `remediator serve --notify-config` reads), for
// the escalation check only: read through the editor's file system, parsed by the core's one reader.
import * as vscode from 'vscode';
import { parseNotifyConfig } from '../../../core/notify/config';
import type { LiveChannels } from '../../../core/lint/live';
import { settingPath } from '../settings';

export const NOTIFY_CONFIG_SETTING = 'notifyConfig';
/** The same bound as the CLI's notify config read. */
const MAX_BYTES = 1024 * 1024;

/** Undefined when the setting is empty (escalation names are then not checked). */
export async function notifyChannels(): Promise<LiveChannels | undefined> {
  const configured = vscode.workspace.getConfiguration('remediator').get<string>(NOTIFY_CONFIG_SETTING)?.trim();
  if (!configured) return undefined;
  const file = settingPath(configured);
  const where = `remediator.notifyConfig (${file})`;
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(vscode.Uri.file(file));
    if (stat.size > MAX_BYTES) return { ok: false, problem: `${where} is larger than 1 MiB` };
    bytes = await vscode.workspace.fs.readFile(vscode.Uri.file(file));
  } catch (err) {
    const reason = err instanceof vscode.FileSystemError ? err.code : err instanceof Error ? err.message : String(err);
    return { ok: false, problem: `${where} cannot be read: ${reason}` };
  }
  const parsed = parseNotifyConfig(new TextDecoder().decode(bytes));
  if (!parsed.ok) {
    const first = parsed.problems[0];
    return { ok: false, problem: `${where} line ${first.line}: ${first.message}` };
  }
  return { ok: true, names: Object.keys(parsed.config.channels) };
}
