// The workloads tree offers a StatefulSet the same item actions as a Deployment: the menus' `when`
// clauses match the contextValues the tree gives a StatefulSet (remediator:statefulset:<eligible>:<opted>).
import { strict as assert } from 'assert';
import * as fs from 'fs';

interface MenuItem { command: string; when?: string }

const menus = (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { contributes: { menus: Record<string, MenuItem[]> } })
  .contributes.menus['view/item/context'];

/** The commands whose `viewItem =~ /.../` clause matches `contextValue` (other clauses hold in a trusted workspace). */
function offered(contextValue: string): string[] {
  return menus.filter((m) => {
    const matches = [...(m.when ?? '').matchAll(/(!?)\(?viewItem =~ \/(.+?)\/\)?/g)];
    return matches.length > 0 && matches.every(([, not, pattern]) => new RegExp(pattern).test(contextValue) !== (not === '!'));
  }).map((m) => m.command).sort();
}

describe('workloads tree menus: a StatefulSet gets the actions a Deployment gets', () => {
  for (const state of ['eligible:optedIn', 'notEligible:optedOut', 'eligible:optedOut', 'notEligible:optedIn']) {
    it(state, () => {
      const deployment = offered(`remediator:deployment:${state}`);
      assert.ok(deployment.includes('remediator.dryRun') && deployment.includes('remediator.execute'), deployment.join(', '));
      assert.deepEqual(offered(`remediator:statefulset:${state}`), deployment);
    });
  }

  it('opt in is offered to an opted-out StatefulSet, opt out to an opted-in one', () => {
    assert.ok(offered('remediator:statefulset:notEligible:optedOut').includes('remediator.optIn'));
    assert.ok(offered('remediator:statefulset:eligible:optedIn').includes('remediator.optOut'));
    assert.ok(!offered('remediator:statefulset:eligible:optedIn').includes('remediator.optIn'));
  });
});
