// Internal commands for the extension-host tests (not contributed: they appear in no menu or palette).
import type { Answer } from '../prompts';
import type { ClusterCommand } from './command';

/** Pre-answers the next modal confirmations (true/false) and typed confirmations (the text typed). */
export const setConfirmationAnswers: ClusterCommand = {
  id: 'remediator._test.setConfirmationAnswers',
  run(s, answers) {
    s.prompts.setAnswers(Array.isArray(answers) ? answers.filter((a): a is Answer => typeof a === 'boolean' || typeof a === 'string') : []);
  },
};

/** The live services (tree provider, model, panel, audit channel) for assertions. */
export const testApi: ClusterCommand = {
  id: 'remediator._test.api',
  run: (s) => s,
};
