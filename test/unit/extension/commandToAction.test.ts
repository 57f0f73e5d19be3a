import { strict as assert } from 'assert';
import { acceptedCommandFor, structuredFromCommand } from '../../../src/extension/language/commandToAction';

describe('editor: a rejected command to a structured action (through the core shapes)', () => {
  const cases: [string, unknown][] = [
    ['kubectl delete pod web-1 -n lab', { type: 'deletePod' }],
    ['"kubectl" delete pod web-1', { type: 'deletePod' }],
    ['kubectl rollout restart deployment/web -n lab', { type: 'rolloutRestart' }],
    ['kubectl rollout undo deploy/web', { type: 'rollbackDeployment' }],
    ['kubectl scale deployment/web -n lab --replicas=3', { type: 'scaleDeployment', replicas: 3 }],
    ['kubectl scale deployment/web -n lab', undefined],
    ['kubectl get pods', undefined],
    ['helm rollback payment-api 3', { type: 'helmRollback', toRevision: 3 }],
    ['helm rollback payment-api -n prod', { type: 'helmRollback' }],
    ['kubectl delete pod web-1 && kubectl delete pod web-2', undefined],
  ];
  for (const [command, expected] of cases) {
    it(`"${command}"`, () => assert.deepEqual(structuredFromCommand(command), expected));
  }

  it('offers the accepted command for each action a shape expresses', () => {
    assert.equal(acceptedCommandFor({ type: 'deletePod' }), 'kubectl delete pod ${POD_NAME} -n ${NAMESPACE}');
    assert.equal(acceptedCommandFor({ type: 'scaleDeployment', replicas: 3 }), 'kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas=3');
    assert.equal(acceptedCommandFor({ type: 'evictPod' }), undefined);
    assert.equal(acceptedCommandFor({ type: 'collectEvidence' }), undefined);
  });
});
