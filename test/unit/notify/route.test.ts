import { strict as assert } from 'assert';
import { channelFor, escalationWarnings } from '../../../src/core/notify/route';
import type { NotifyConfig } from '../../../src/core/notify/config';
import { runbook } from '../../support/model';

const config: NotifyConfig = {
  channels: {
    page_service_owner: { type: 'pagerduty', url: 'https://pd.invalid/', routingKeyFile: 'k' },
    ops: { type: 'slack', url: 'https://slack.invalid/' },
  },
  defaultChannel: 'ops',
};
const escalation = { onGuardrailFailure: 'page_service_owner', onVerificationFailure: 'open_incident_and_disable_runbook' };

describe('notification routing', () => {
  const table: [Parameters<typeof channelFor>[0], string | undefined][] = [
    ['abort', 'page_service_owner'], ['manual', 'page_service_owner'], ['suggest', 'page_service_owner'],
    ['approval_request', 'page_service_owner'], ['error', 'page_service_owner'],
    // The seed's onVerificationFailure is not a channel here: the default channel hears it.
    ['verification_failed', 'ops'], ['inconclusive', 'ops'],
  ];
  for (const [kind, expected] of table) {
    it(`${kind} -> ${expected}`, () => assert.equal(channelFor(kind, escalation, config), expected));
  }

  it('an alert no runbook answers goes to the default channel, or nowhere without one', () => {
    assert.equal(channelFor('manual', undefined, config), 'ops');
    assert.equal(channelFor('manual', undefined, { channels: config.channels }), undefined);
  });

  it('an escalation name that only exists on Object.prototype is not a channel', () => {
    assert.equal(channelFor('abort', { onGuardrailFailure: 'constructor', onVerificationFailure: 'toString' }, { channels: {} }), undefined);
  });

  it('warns about escalation names that are not channels, listing the known ones', () => {
    assert.deepEqual(escalationWarnings([runbook()], config), [{
      runbook: 'replace-redundant-pod', field: 'onVerificationFailure', name: 'open_incident_and_disable_runbook',
      message: 'escalation.onVerificationFailure names open_incident_and_disable_runbook, which is not a channel of the notify config (known: page_service_owner, ops)',
    }]);
    assert.equal(escalationWarnings([runbook()], { channels: {} })[0].message.endsWith('(known: none)'), true);
  });
});
