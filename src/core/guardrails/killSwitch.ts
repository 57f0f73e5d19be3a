import { defineGuardrail, verdict } from './common';

/** A global stop: while the kill switch is engaged nothing acts, whatever the runbook says. */
export const killSwitch = defineGuardrail('killSwitch', (ctx) => (ctx.settings.killSwitch
  ? verdict('killSwitch', 'fail', 'the Remediator kill switch is engaged: no runbook may act until it is released', { killSwitch: true })
  : verdict('killSwitch', 'pass', 'the Remediator kill switch is not engaged', { killSwitch: false })));
