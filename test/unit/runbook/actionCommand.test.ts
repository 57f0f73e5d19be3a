import { strict as assert } from 'assert';
import { ACCEPTED_COMMANDS, parseActionCommand } from '../../../src/core/runbook/actionCommand';
import { runbookSchema } from '../../../src/core/runbook/schema';
import type { Action } from '../../../src/core/model/runbook';

const ACCEPTED: [string, Action][] = [
  ['kubectl delete pod ${POD_NAME} -n ${NAMESPACE}', { type: 'deletePod' }],
  ['kubectl rollout restart deployment/${DEPLOYMENT} -n ${NAMESPACE}', { type: 'rolloutRestart' }],
  ['kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas=6', { type: 'scaleDeployment', replicas: 6 }],
  ['kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas=0', { type: 'scaleDeployment', replicas: 0 }],
  ['kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas=9999', { type: 'scaleDeployment', replicas: 9999 }],
  // The one replica limit (the scaleDeployment descriptor's), the same as the structured replicas field's.
  ['kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas=10000', { type: 'scaleDeployment', replicas: 10000 }],
  ['kubectl rollout undo deployment/${DEPLOYMENT} -n ${NAMESPACE}', { type: 'rollbackDeployment' }],
  ['kubectl rollout restart statefulset/${STATEFULSET} -n ${NAMESPACE}', { type: 'rolloutRestart' }],
  ['kubectl scale statefulset/${STATEFULSET} -n ${NAMESPACE} --replicas=3', { type: 'scaleStatefulSet', replicas: 3 }],
  ['kubectl scale statefulset/${STATEFULSET} -n ${NAMESPACE} --replicas=0', { type: 'scaleStatefulSet', replicas: 0 }],
  ['  kubectl   delete\tpod ${POD_NAME}  -n ${NAMESPACE}  ', { type: 'deletePod' }],
  ['helm rollback ${RELEASE} -n ${NAMESPACE}', { type: 'helmRollback' }],
  ['helm rollback ${RELEASE} ${REVISION} -n ${NAMESPACE}', { type: 'helmRollback' }],
  ['helm rollback ${RELEASE} 3 -n ${NAMESPACE}', { type: 'helmRollback', toRevision: 3 }],
  ['helm rollback ${RELEASE} 1000000 -n ${NAMESPACE}', { type: 'helmRollback', toRevision: 1000000 }],
];

/** [command, what the reason must mention] */
const REJECTED: [string, RegExp][] = [
  ['', /empty/],
  ['   ', /empty/],
  ['kubectl', /bare "kubectl"/],
  ['kubectl delete pod ${POD_NAME} -n ${NAMESPACE}; rm -rf /', /";"/],
  ['kubectl delete pod ${POD_NAME} -n ${NAMESPACE} | tee log', /a pipe/],
  ['kubectl delete pod ${POD_NAME} -n ${NAMESPACE} && echo done', /"&&"/],
  ['kubectl delete pod ${POD_NAME} -n ${NAMESPACE} || true', /"\|\|"/],
  ['kubectl delete pod `hostname` -n ${NAMESPACE}', /backtick/],
  ['kubectl delete pod $(hostname) -n ${NAMESPACE}', /"\$\("/],
  ['kubectl delete pod ${POD_NAME} -n ${NAMESPACE} > /dev/null', /redirection/],
  ['kubectl delete pod ${POD_NAME} -n ${NAMESPACE} &', /background/],
  ['kubectl delete pod "${POD_NAME}" -n ${NAMESPACE}', /quotes/],
  ['kubectl delete pod ${POD_NAME}\n-n ${NAMESPACE}', /line break/],
  ['kubectl delete pod api-123 -n ${NAMESPACE}', /expected "\$\{POD_NAME\}".*got "api-123"/],
  ['kubectl delete pod ${POD_NAME} -n prod', /expected "\$\{NAMESPACE\}".*got "prod"/],
  ['kubectl delete pod ${POD} -n ${NAMESPACE}', /got "\$\{POD\}"/],
  ['kubectl delete pods ${POD_NAME} -n ${NAMESPACE}', /expected "pod"; got "pods"/],
  ['kubectl delete pod ${POD_NAME} --namespace ${NAMESPACE}', /not "--namespace"/],
  ['kubectl delete pod ${POD_NAME} --namespace=${NAMESPACE}', /not "--namespace=\$\{NAMESPACE\}"/],
  ['kubectl delete pod ${POD_NAME} -n ${NAMESPACE} --force', /extra argument "--force"/],
  ['kubectl delete pod ${POD_NAME} -n ${NAMESPACE} --grace-period=0', /extra argument/],
  ['kubectl delete pod ${POD_NAME}', /missing "-n"/],
  ['kubectl delete pod -n ${NAMESPACE} ${POD_NAME}', /expected "\$\{POD_NAME\}"; got "-n"|expected "\$\{POD_NAME\}"/],
  ['kubectl rollout restart deployment/web -n ${NAMESPACE}', /got "deployment\/web"/],
  ['kubectl rollout restart deploy/${DEPLOYMENT} -n ${NAMESPACE}', /got "deploy\/\$\{DEPLOYMENT\}"/],
  // A StatefulSet shape names its own placeholder; the closest shape is the StatefulSet one.
  ['kubectl scale statefulset/${DEPLOYMENT} -n ${NAMESPACE} --replicas=3', /expected "statefulset\/\$\{STATEFULSET\}".*got "statefulset\/\$\{DEPLOYMENT\}"/],
  ['kubectl rollout restart statefulset/db -n ${NAMESPACE}', /expected "statefulset\/\$\{STATEFULSET\}".*got "statefulset\/db"/],
  ['kubectl scale sts/${STATEFULSET} -n ${NAMESPACE} --replicas=3', /got "sts\/\$\{STATEFULSET\}"/],
  ['kubectl scale statefulset/${STATEFULSET} -n ${NAMESPACE} --replicas=10001', /whole number from 0 to 10000/],
  // Only a Deployment is rolled back here.
  ['kubectl rollout undo statefulset/${STATEFULSET} -n ${NAMESPACE}', /expected "deployment\/\$\{DEPLOYMENT\}".*got "statefulset\/\$\{STATEFULSET\}"/],
  ['kubectl rollout status deployment/${DEPLOYMENT} -n ${NAMESPACE}', /expected "restart"; got "status"|expected "undo"/],
  ['kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE}', /missing "--replicas=N"/],
  ['kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas=-1', /whole number from 0 to 10000/],
  ['kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas=10001', /whole number from 0 to 10000/],
  ['kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas=99999999999999999999', /whole number from 0 to 10000/],
  ['kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas=06', /whole number/],
  ['kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas=${N}', /whole number/],
  ['kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas 6', /expected --replicas=N; got "--replicas"/],
  ['kubectl scale deployment/${DEPLOYMENT} --replicas=6 -n ${NAMESPACE}', /expected "-n"; got "--replicas=6"/],
  ['kubectl delete pod ${POD_NAME} -n ${NAMESPACE} --replicas=6', /extra argument "--replicas=6"/],
  ['kubectl\u00a0delete pod ${POD_NAME} -n ${NAMESPACE}', /only kubectl and helm rollback commands/],
  ['kubectl get pods -n ${NAMESPACE}', /"kubectl get" is not one of the accepted commands/],
  ['kubectl apply -f fix.yaml', /"kubectl apply"/],
  ['kubectl exec ${POD_NAME} -n ${NAMESPACE} -- kill 1', /"kubectl exec"/],
  ['helm rollback payment-api 3 -n prod', /expected "\$\{RELEASE\}".*got "payment-api"/],
  ['helm rollback ${RELEASE} 0 -n ${NAMESPACE}', /revision number from 1 to 1000000/],
  ['helm rollback ${RELEASE} 1000001 -n ${NAMESPACE}', /revision number from 1 to 1000000/],
  ['helm rollback ${RELEASE} 03 -n ${NAMESPACE}', /revision number/],
  ['helm rollback ${RELEASE} 3', /missing "-n"/],
  ['helm rollback ${RELEASE} -n ${NAMESPACE} --force', /extra argument "--force"/],
  ['helm upgrade ${RELEASE} -n ${NAMESPACE}', /"helm upgrade" is not one of the accepted commands/],
  ['helm', /bare "helm"/],
  ['sudo kubectl delete pod ${POD_NAME} -n ${NAMESPACE}', /only kubectl and helm rollback commands are accepted; got "sudo"/],
  ['/usr/bin/kubectl delete pod ${POD_NAME} -n ${NAMESPACE}', /only kubectl and helm rollback commands/],
  ['KUBECTL delete pod ${POD_NAME} -n ${NAMESPACE}', /only kubectl and helm rollback commands/],
  ['kubectl --context prod delete pod ${POD_NAME} -n ${NAMESPACE}', /"kubectl --context"/],
];

const commandPattern = new RegExp(
  ((runbookSchema.definitions as Record<string, { properties: { command: { pattern: string } } }>).commandAction).properties.command.pattern);

describe('action command parser', () => {
  for (const [command, action] of ACCEPTED) {
    it(`accepts ${JSON.stringify(command)}`, () => {
      assert.deepEqual(parseActionCommand(command), { ok: true, action });
      assert.ok(commandPattern.test(command), 'the schema pattern must agree');
    });
  }

  for (const [command, reason] of REJECTED) {
    it(`rejects ${JSON.stringify(command)}`, () => {
      const result = parseActionCommand(command);
      assert.equal(result.ok, false);
      if (result.ok) return;
      assert.match(result.reason, reason);
      assert.match(result.message, /^action command is not accepted: /);
      assert.ok(ACCEPTED_COMMANDS.every((shape) => result.message.includes(shape)), 'the message lists every accepted shape');
      assert.match(result.message, /never run through a shell/);
      assert.equal(commandPattern.test(command), false, 'the schema pattern must agree');
    });
  }

  it('lists exactly the accepted shapes: six kubectl, three helm rollback', () => {
    assert.deepEqual(ACCEPTED_COMMANDS, [
      'kubectl delete pod ${POD_NAME} -n ${NAMESPACE}',
      'kubectl rollout restart deployment/${DEPLOYMENT} -n ${NAMESPACE}',
      'kubectl rollout restart statefulset/${STATEFULSET} -n ${NAMESPACE}',
      'kubectl scale deployment/${DEPLOYMENT} -n ${NAMESPACE} --replicas=N',
      'kubectl scale statefulset/${STATEFULSET} -n ${NAMESPACE} --replicas=N',
      'kubectl rollout undo deployment/${DEPLOYMENT} -n ${NAMESPACE}',
      'helm rollback ${RELEASE} -n ${NAMESPACE}',
      'helm rollback ${RELEASE} ${REVISION} -n ${NAMESPACE}',
      'helm rollback ${RELEASE} N -n ${NAMESPACE}',
    ]);
  });
});
