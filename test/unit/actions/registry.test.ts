import { strict as assert } from 'assert';
import * as fs from 'fs';
import {
  ACTIONS, ACTION_TYPES, MAX_REPLICAS, checkMismatch, descriptor, fittingCheck, scaleTo,
} from '../../../src/core/actions';
import { scaleTo as engineScaleTo } from '../../../src/core/engine';
import { ACTION_NEEDS, ROLLBACK_NEEDS } from '../../../src/core/engine/permissions';
import { scaleTo as guardrailScaleTo } from '../../../src/core/guardrails/common';
import type { Action, ActionType, Runbook } from '../../../src/core/model/runbook';
import { ACCEPTED_COMMANDS, closestAction, parseActionCommand } from '../../../src/core/runbook/actionCommand';
import { lintRunbook } from '../../../src/core/runbook/lint';
import { parseRunbook } from '../../../src/core/runbook/parse';
import { runbookSchema } from '../../../src/core/runbook/schema';
import { pick, prng, int, type Random } from '../../support/random';
import { SEED } from '../runbook/helpers';

type Json = Record<string, unknown>;
const defs = (runbookSchema as { $defs?: Json; definitions?: Json }).$defs ?? (runbookSchema as { definitions?: Json }).definitions ?? {};
const typedAction = defs.typedAction as { properties: Record<string, { enum?: string[]; minimum?: number; maximum?: number }> };

describe('action registry', () => {
  it('the schema lists exactly the registry\'s action types, in its order', () => {
    assert.deepEqual(typedAction.properties.type.enum, ACTION_TYPES);
  });

  it('the schema\'s action fields and their limits are the descriptors\' fields', () => {
    const fields = Object.keys(typedAction.properties).filter((f) => f !== 'type');
    assert.deepEqual(fields.sort(), [...new Set(ACTION_TYPES.flatMap((t) => Object.keys(descriptor(t).fields)))].sort());
    for (const type of ACTION_TYPES) {
      for (const [field, [min, max]] of Object.entries(descriptor(type).fields)) {
        assert.deepEqual([typedAction.properties[field].minimum, typedAction.properties[field].maximum], [min, max], `${type}.${field}`);
      }
    }
  });

  it('every action type has a snippet (a structured type or a command that parses to it)', () => {
    const snippets = JSON.parse(fs.readFileSync('snippets/runbook.code-snippets', 'utf8')) as Record<string, { body: string[] }>;
    const covered = new Set<string>();
    for (const { body } of Object.values(snippets)) {
      for (const line of body) {
        const typed = /^\s*type: (?:\$\{\d+\|([^|]+)\|\}|(\w+))\s*$/.exec(line);
        if (typed) for (const t of (typed[1] ?? typed[2]).split(',')) covered.add(t);
        const command = /^\s*command: (.*)$/.exec(line);
        if (command) {
          const parsed = parseActionCommand(command[1].replace(/\\\$/g, '$').replace(/\$\{\d+:(\d+)\}/g, '$1'));
          if (parsed.ok) covered.add(parsed.action.type);
        }
      }
    }
    for (const type of ACTION_TYPES) assert.ok(covered.has(type), `no snippet for ${type}`);
  });

  it('export-job and the access review read each action\'s permissions from its descriptor', () => {
    for (const type of ACTION_TYPES) assert.equal(ACTION_NEEDS[type], ACTIONS[type].needs, type);
    assert.equal(ROLLBACK_NEEDS.scale_to_previous_replicas, ACTIONS.scaleDeployment.needs);
    assert.equal(ROLLBACK_NEEDS.rollout_undo, ACTIONS.rollbackDeployment.needs);
  });

  it('every accepted command shape belongs to one descriptor and parses back to its type', () => {
    const shapes = ACTION_TYPES.flatMap((t) => descriptor(t).commands.map((c) => ({ t, command: c.tokens.join(' ') })));
    assert.deepEqual([...ACCEPTED_COMMANDS].sort(), shapes.map((s) => s.command).sort());
    for (const { t, command } of shapes) {
      const parsed = parseActionCommand(command.replace('--replicas=N', '--replicas=2').replace(' N ', ' 3 '));
      assert.ok(parsed.ok && parsed.action.type === t, command);
    }
  });

  it('has one replica limit and one scaleTo', () => {
    // The plan and the replica-floor and blast-radius guardrails count the same new replica count.
    assert.equal(engineScaleTo, scaleTo);
    assert.equal(guardrailScaleTo, scaleTo);
    assert.equal(MAX_REPLICAS, 10000);
    assert.ok(parseActionCommand(`kubectl scale deployment/\${DEPLOYMENT} -n \${NAMESPACE} --replicas=${MAX_REPLICAS}`).ok);
    assert.ok(!parseActionCommand(`kubectl scale deployment/\${DEPLOYMENT} -n \${NAMESPACE} --replicas=${MAX_REPLICAS + 1}`).ok);
    assert.equal(scaleTo({ type: 'scaleDeployment', by: 5, maxReplicas: 6 }, 3), 6);
    assert.equal(scaleTo({ type: 'scaleDeployment', by: -5, minReplicas: 1 }, 3), 1);
    assert.equal(scaleTo({ type: 'scaleDeployment', by: -5 }, 3), 0);
    assert.equal(scaleTo({ type: 'scaleDeployment' }, 3), undefined);
    assert.equal(scaleTo({ type: 'deletePod' }, 3), undefined);
  });
});

function randomAction(random: Random, type: ActionType): Action {
  if (type !== 'scaleDeployment' && type !== 'scaleStatefulSet') return { type } as Action;
  if (random() < 0.5) return { type, replicas: int(random, 4) };
  const by = pick(random, [-3, -1, 1, 2, 5]);
  return by > 0 ? { type, by, maxReplicas: 1 + int(random, 10) } : { type, by, minReplicas: int(random, 3) };
}

function runbookWith(action: Action, rollback: string, check: string): Runbook {
  const parsed = parseRunbook(SEED());
  assert.ok(parsed.runbook, 'the seed runbook parses');
  const runbook = structuredClone(parsed.runbook) as Runbook;
  runbook.spec.action = action;
  delete runbook.spec.actionCommand;
  runbook.spec.rollback = { type: rollback as Runbook['spec']['rollback']['type'] };
  runbook.spec.verification = { ...runbook.spec.verification, checks: [check as Runbook['spec']['verification']['checks'][number]] };
  return runbook;
}

describe('action descriptors agree with themselves (generated)', () => {
  it('scaleTo stays within the bounds and never goes below 0, for generated scale actions', () => {
    const random = prng(77);
    for (let i = 0; i < 500; i++) {
      const current = int(random, 20);
      const min = random() < 0.5 ? int(random, 5) : undefined;
      const max = random() < 0.5 ? (min ?? 0) + 1 + int(random, 10) : undefined;
      const action: Action = random() < 0.3
        ? { type: 'scaleDeployment', replicas: int(random, 30) }
        : { type: 'scaleDeployment', by: pick(random, [-10, -2, -1, 1, 3, 12]), minReplicas: min, maxReplicas: max };
      const to = scaleTo(action, current);
      assert.ok(to !== undefined && Number.isInteger(to) && to >= 0, `case ${i}`);
      if (action.replicas === undefined) {
        if (min !== undefined) assert.ok(to >= min, `case ${i}: ${to} < min ${min}`);
        if (max !== undefined) assert.ok(to <= max, `case ${i}: ${to} > max ${max}`);
      } else {
        assert.equal(to, action.replicas, `case ${i}`);
      }
    }
  });

  it('the fitting check and every declared rollback pass lint\'s fit rules, for generated actions', () => {
    const random = prng(9001);
    for (let i = 0; i < 300; i++) {
      const type = pick(random, ACTION_TYPES);
      const action = randomAction(random, type);
      const check = fittingCheck(action);
      assert.equal(checkMismatch(check, action), undefined, `case ${i}: ${JSON.stringify(action)} ${check}`);
      const rollback = pick(random, ACTIONS[type].rollbacks);
      const codes = lintRunbook(runbookWith(action, rollback, check)).map((d) => d.code);
      assert.ok(!codes.includes('rollback-mismatch') && !codes.includes('verification-check-mismatch'), `case ${i}: ${JSON.stringify(action)} ${rollback} ${check}: ${codes.join(', ')}`);
    }
  });

  it('the editor\'s guess reads the core shapes: filled-in commands map back to the shape\'s action', () => {
    const random = prng(4242);
    const shapes = ACTION_TYPES.flatMap((t) => descriptor(t).commands);
    const names = ['web-1', 'api', 'payment-api-7d4b9', 'x'];
    for (let i = 0; i < 300; i++) {
      const shape = pick(random, shapes);
      const replicas = int(random, MAX_REPLICAS + 1);
      const revision = 1 + int(random, 1000);
      const words = shape.tokens.map((t) => {
        if (t === '--replicas=N') return `--replicas=${replicas}`;
        if (t === 'N') return String(revision);
        if (t === '${NAMESPACE}') return pick(random, ['prod', 'lab', t]);
        return t.replace(/\$\{[A-Z_]+\}/, pick(random, [...names, t.slice(t.indexOf('$'))]));
      });
      if (random() < 0.3) words.push(pick(random, ['--wait', '-o', 'name']));
      const command = words.join(random() < 0.5 ? ' ' : '  ');
      const expected = shape.action(shape.tokens.includes('N') ? revision : replicas);
      assert.deepEqual(closestAction(command), expected, `case ${i}: ${command}`);
      const parsed = parseActionCommand(command);
      if (parsed.ok) assert.deepEqual(parsed.action, expected, `case ${i}: ${command}`);
    }
  });

  it('the guess refuses chained or substituted commands', () => {
    for (const command of ['kubectl delete pod web-1 -n lab; rm -rf /', 'kubectl scale deploy/web --replicas=$(id -u)', 'kubectl rollout restart deployment/web | tee x']) {
      assert.equal(closestAction(command), undefined, command);
    }
    assert.deepEqual(closestAction('kubectl delete pod/web-1 -n lab'), { type: 'deletePod' });
    assert.deepEqual(closestAction('kubectl delete pods web-1'), { type: 'deletePod' });
    assert.equal(closestAction(`kubectl scale deployment/web --replicas=${MAX_REPLICAS + 1}`), undefined);
  });

  it('the guess tells a StatefulSet from a Deployment by kubectl\'s resource word', () => {
    const cases: [string, Action | undefined][] = [
      ['kubectl scale statefulset/db --replicas=2 -n lab', { type: 'scaleStatefulSet', replicas: 2 }],
      ['kubectl scale sts/db --replicas=0', { type: 'scaleStatefulSet', replicas: 0 }],
      ['kubectl scale statefulsets db --replicas=4', { type: 'scaleStatefulSet', replicas: 4 }],
      ['kubectl scale deploy/web --replicas=3', { type: 'scaleDeployment', replicas: 3 }],
      ['kubectl rollout restart sts/db -n lab', { type: 'rolloutRestart' }],
      ['kubectl rollout restart statefulset/db', { type: 'rolloutRestart' }],
      ['kubectl rollout restart deployment/web', { type: 'rolloutRestart' }],
      // No shape undoes a StatefulSet: no guess rather than a Deployment rollback.
      ['kubectl rollout undo sts/db', undefined],
    ];
    for (const [command, expected] of cases) assert.deepEqual(closestAction(command), expected, command);
  });

  it('scaleTo counts a StatefulSet scale the same way as a Deployment scale', () => {
    assert.equal(scaleTo({ type: 'scaleStatefulSet', by: 5, maxReplicas: 6 }, 3), 6);
    assert.equal(scaleTo({ type: 'scaleStatefulSet', replicas: 1 }, 3), 1);
    assert.equal(scaleTo({ type: 'scaleStatefulSet' }, 3), undefined);
  });
});
