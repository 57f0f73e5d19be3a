// Reads the runbook JSON Schema (the one the validator and Red Hat YAML use) by path, for
// completion, hover and quick fixes: which keys a mapping takes, what a key means, which values an
// enum allows. No `vscode` import.
import { runbookSchema } from '../../core/runbook';
import type { PathSegment } from './yamlPath';

export interface SchemaNode {
  $ref?: string;
  type?: string | string[];
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  enum?: unknown[];
  const?: unknown;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  examples?: unknown[];
}

const ROOT = runbookSchema as SchemaNode;

function resolve(node: SchemaNode | undefined): SchemaNode | undefined {
  let current = node;
  for (let hops = 0; current?.$ref && hops < 10; hops++) {
    const name = current.$ref.replace('#/definitions/', '');
    current = (ROOT as { definitions?: Record<string, SchemaNode> }).definitions?.[name];
  }
  return current;
}

/** Branches of a oneOf/anyOf (the action is either a command or a typed action), resolved. */
function branches(node: SchemaNode): SchemaNode[] {
  return [node, ...(node.oneOf ?? []), ...(node.anyOf ?? [])].map(resolve).filter((n): n is SchemaNode => n !== undefined);
}

export interface PropertyInfo {
  name: string;
  /** The property's own schema (with its description), before $ref resolution. */
  declared: SchemaNode;
  /** The resolved schema of its value. */
  schema: SchemaNode;
  required: boolean;
}

/** The keys the mapping at `schema` takes, across oneOf branches. */
export function propertiesOf(schema: SchemaNode | undefined): PropertyInfo[] {
  if (!schema) return [];
  const found = new Map<string, PropertyInfo>();
  for (const branch of branches(schema)) {
    for (const [name, declared] of Object.entries(branch.properties ?? {})) {
      if (found.has(name)) continue;
      found.set(name, { name, declared, schema: resolve(declared) ?? declared, required: branch.required?.includes(name) ?? false });
    }
  }
  return [...found.values()];
}

/** The declared schema at a path (string keys and list items), or undefined when the path leaves the schema. */
export function declaredAt(path: readonly (PathSegment | number)[]): SchemaNode | undefined {
  let declared: SchemaNode | undefined = ROOT;
  for (const segment of path) {
    const schema = resolve(declared);
    if (!schema) return undefined;
    if (typeof segment === 'number') {
      declared = schema.items;
    } else {
      declared = propertiesOf(schema).find((p) => p.name === segment)?.declared;
    }
  }
  return declared;
}

export function schemaAt(path: readonly (PathSegment | number)[]): SchemaNode | undefined {
  return resolve(declaredAt(path));
}

/** The description at a path: the property's own text first (it says what the key means here). */
export function descriptionAt(path: readonly (PathSegment | number)[]): string | undefined {
  const declared = declaredAt(path);
  const schema = resolve(declared);
  return declared?.markdownDescription ?? declared?.description ?? schema?.markdownDescription ?? schema?.description;
}

/** Allowed values at a path: an enum, or a const (apiVersion, kind). */
export function allowedValues(schema: SchemaNode | undefined): string[] {
  if (!schema) return [];
  if (schema.enum) return schema.enum.map(String);
  if (schema.const !== undefined) return [String(schema.const)];
  return [];
}

export type ValueShape = 'mapping' | 'list' | 'scalar';

export function valueShape(schema: SchemaNode | undefined): ValueShape {
  if (!schema) return 'scalar';
  const all = branches(schema);
  if (all.some((b) => b.type === 'object' || b.properties)) return 'mapping';
  if (all.some((b) => b.type === 'array' || b.items)) return 'list';
  return 'scalar';
}
