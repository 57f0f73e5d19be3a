// Shared by the Helm guardrails: the release lookup of the target and the revision the action names.
import type { GuardrailContext } from './types';

export { revisionChoice } from '../helm/lookup';

export function helmLookup(ctx: GuardrailContext) {
  return ctx.target.helm;
}
