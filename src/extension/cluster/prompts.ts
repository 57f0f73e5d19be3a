// Modal confirmations and typed confirmations. Tests pre-answer them through the internal command
// remediator._test.setConfirmationAnswers (the extension host has no one to click a modal).
import * as vscode from 'vscode';

export type Answer = boolean | string;

export class Prompts {
  private readonly answers: Answer[] = [];
  /** What was asked (tests read it to see the approval payload or summary really was shown). */
  readonly asked: string[] = [];

  setAnswers(answers: Answer[]): void {
    this.answers.splice(0, this.answers.length, ...answers);
  }

  /** A modal yes/no; `detail` carries the summary or approval payload. */
  async confirm(message: string, detail: string, confirmLabel: string): Promise<boolean> {
    this.asked.push(`${message}\n${detail}`);
    if (this.answers.length > 0) return this.answers.shift() === true;
    const choice = await vscode.window.showWarningMessage(message, { modal: true, detail }, confirmLabel);
    return choice === confirmLabel;
  }

  /** Asks the user to type `expected` exactly (safety profiles for production-like contexts). */
  async typed(prompt: string, expected: string): Promise<boolean> {
    this.asked.push(prompt);
    if (this.answers.length > 0) return this.answers.shift() === expected;
    const typed = await vscode.window.showInputBox({
      prompt, placeHolder: expected, ignoreFocusOut: true,
      validateInput: (v) => (v === expected || v === '' ? undefined : `type ${expected} exactly`),
    });
    return typed === expected;
  }
}

/** Refuses changes in an untrusted workspace, saying why. Returns true when allowed. */
export function requireTrust(what: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  void vscode.window.showWarningMessage(`Remediator: ${what} is disabled in an untrusted workspace: a workspace's runbooks and settings could steer changes to your cluster. Trust the workspace to enable it.`);
  return false;
}
