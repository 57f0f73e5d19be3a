// Modal confirmations and typed confirmations, always shown to the user: nothing in a packaged build
// can answer them for the user (no command, setting or environment variable). The extension-host tests
// answer them through a subclass that only the test build contains (commands/testHooks.ts).
import * as vscode from 'vscode';
import { safeLine } from '../../core/text/safe';
import { notificationDetail, notificationText } from './notificationText';

export class Prompts {
  /** A modal yes/no; `detail` carries the summary or approval payload. */
  async confirm(message: string, detail: string, confirmLabel: string): Promise<boolean> {
    const choice = await vscode.window.showWarningMessage(safeLine(message), { modal: true, detail: notificationDetail(detail) }, confirmLabel);
    return choice === confirmLabel;
  }

  /** Asks the user to type `expected` exactly (safety profiles for production-like contexts). */
  async typed(prompt: string, expected: string): Promise<boolean> {
    const typed = await vscode.window.showInputBox({
      prompt, placeHolder: expected, ignoreFocusOut: true,
      validateInput: (v) => (v === expected || v === '' ? undefined : `type ${expected} exactly`),
    });
    return typed === expected;
  }

  /** Free text (an optional reason); undefined when the user pressed Escape. */
  async text(prompt: string, placeHolder: string): Promise<string | undefined> {
    return vscode.window.showInputBox({ prompt, placeHolder, ignoreFocusOut: true, validateInput: (v) => (v.length > 1000 ? 'at most 1000 characters' : undefined) });
  }
}

/** Refuses changes in an untrusted workspace, saying why. Returns true when allowed. */
export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(notificationText(`${what} is disabled in an untrusted workspace: a workspace's runbooks and settings could steer changes to your cluster. Trust the workspace to enable it.`));
  return false;
}
