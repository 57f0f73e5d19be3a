import { strict as assert } from 'assert';
import { runbookSchema, runbookValidator } from '../../../src/core/runbook/schema';

type SchemaNode = Record<string, unknown>;

/** Every subschema with its JSON pointer. */
function walk(node: unknown, pointer: string, visit: (node: SchemaNode, pointer: string) => void): void {
  if (typeof node !== 'object' || node === null) return;
  if (Array.isArray(node)) {
    node.forEach((child, i) => walk(child, `${pointer}/${i}`, visit));
    return;
  }
  visit(node as SchemaNode, pointer);
  for (const [key, child] of Object.entries(node)) {
    if (key !== 'examples' && key !== 'default' && key !== 'defaultSnippets' && key !== 'const' && key !== 'enum') walk(child, `${pointer}/${key}`, visit);
  }
}

describe('runbook JSON schema', () => {
  it('gives every property a description (editor hover text)', () => {
    const missing: string[] = [];
    walk(runbookSchema, '#', (node, pointer) => {
      const properties = node.properties as Record<string, SchemaNode> | undefined;
      if (!properties || pointer.includes('/if')) return;
      for (const [name, property] of Object.entries(properties)) {
        const described = typeof property.description === 'string' || typeof property.$ref === 'string';
        if (!described) missing.push(`${pointer}/properties/${name}`);
      }
    });
    assert.deepEqual(missing, []);
  });

  it('closes every object with additionalProperties: false (maps declare their value type)', () => {
    const open: string[] = [];
    walk(runbookSchema, '#', (node, pointer) => {
      if (node.properties && node.additionalProperties !== false && !pointer.includes('/if')) open.push(pointer);
      if (node.type === 'object' && !node.properties && typeof node.additionalProperties !== 'object') open.push(pointer);
    });
    assert.deepEqual(open, []);
  });

  it('gives every property with a definition an example', () => {
    const spec = (runbookSchema.definitions as Record<string, SchemaNode>).spec.properties as Record<string, SchemaNode>;
    for (const name of ['intent', 'owner', 'risk', 'decisionMode']) assert.ok(Array.isArray(spec[name].examples), name);
  });

  it('compiles once and is shared', () => {
    assert.equal(runbookValidator(), runbookValidator());
  });

  it('requires the spec fields the engine relies on', () => {
    const spec = (runbookSchema.definitions as Record<string, SchemaNode>).spec;
    assert.deepEqual(spec.required, ['intent', 'owner', 'risk', 'decisionMode', 'triggers', 'scope', 'guardrails', 'action',
      'verification', 'rollback', 'escalation']);
  });
});
