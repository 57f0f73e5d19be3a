// Internal commands for the extension-host tests. Only the test build has them: every use is behind
// REMEDIATOR_TEST_HOOKS, which esbuild.js defines as false for `--production` (what `npm run package`
// ships), so the bundler drops this module; scripts/vscode/check-vsix.sh and
// test/unit/extension/productionBundle.test.ts prove the packaged bundle has no trace of it. Even in the
// test build they are registered only when VS Code runs the extension for tests (ExtensionMode.Test).
import { Prompts } from '../prompts';
import type { ClusterCommand } from './command';

export type Answer = boolean | string;

/** Prompts the tests answer in advance (the extension host has no one to click a modal). */
export class ScriptedPrompts extends Prompts {
  private readonly answers: Answer[] = [];
  /** What was asked (tests read it to see the approval payload or summary really was shown). */
  readonly asked: string[] = [];

  setAnswers(answers: Answer[]): void {
    this.answers.splice(0, this.answers.length, ...answers);
  }

  override confirm(message: string, detail: string, confirmLabel: string): Promise<boolean> {
    this.asked.push(`${message}\n${detail}`);
    if (this.answers.length > 0) return Promise.resolve(this.answers.shift() === true);
    return super.confirm(message, detail, confirmLabel);
  }

  override typed(prompt: string, expected: string): Promise<boolean> {
    this.asked.push(prompt);
    if (this.answers.length > 0) return Promise.resolve(this.answers.shift() === expected);
    return super.typed(prompt, expected);
  }

  override text(prompt: string, placeHolder: string): Promise<string | undefined> {
    this.asked.push(prompt);
    if (this.answers.length > 0) {
      const a = this.answers.shift();
      return Promise.resolve(typeof a === 'string' ? a : undefined);
    }
    return super.text(prompt, placeHolder);
  }
}

/** Pre-answers the next modal confirmations (true/false) and typed confirmations (the text typed). */
const setConfirmationAnswers: ClusterCommand = {
  id: 'remediator._test.setConfirmationAnswers',
  run(s, answers) {
    if (!(s.prompts instanceof ScriptedPrompts)) throw new Error('the prompts are not scripted in this session');
    s.prompts.setAnswers(Array.isArray(answers) ? answers.filter((a): a is Answer => typeof a === 'boolean' || typeof a === 'string') : []);
  },
};

/** The live services (tree provider, model, panel, audit channel) for assertions. */
const testApi: ClusterCommand = {
  id: 'remediator._test.api',
  run: (s) => s,
};

export const TEST_COMMANDS: readonly ClusterCommand[] = [setConfirmationAnswers, testApi];
