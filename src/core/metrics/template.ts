// Query templates: `${NAMESPACE}`, `${APP}`, `${DEPLOYMENT}`, `${STATEFULSET}`, `${WORKLOAD}` (the Deployment's
// or StatefulSet's name, whichever the target is or belongs to) and `${POD_NAME}` are replaced by the target's
// names. A value is data, never PromQL: each placeholder must sit inside a quoted string of the query, and
// the value is escaped for that string's quote (and, in a =~ / !~ matcher, quoted as a literal regular
// expression), so no label value can close the string and add selectors or operators.
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';

export const TEMPLATE_VARIABLES = ['NAMESPACE', 'APP', 'DEPLOYMENT', 'STATEFULSET', 'WORKLOAD', 'POD_NAME'] as const;
export type TemplateVariable = typeof TEMPLATE_VARIABLES[number];
export type TemplateValues = Partial<Record<TemplateVariable, string>>;

/** A problem at [from, to) of the template text (offsets in UTF-16 code units, as in JavaScript strings). */
export interface TemplateProblem {
  message: string;
  from: number;
  to: number;
}

type Quote = '"' | "'";

interface Placeholder {
  name: string;
  from: number;
  to: number;
  /** The quote of the enclosing string literal; undefined when not inside one (or inside a `raw` string). */
  quote: Quote | undefined;
  raw: boolean;
  regex: boolean;
}

const PLACEHOLDER = /\$\{([^}]*)\}/g;
const REGEX_META = /[\\.+*?()|[\]{}^$]/g;

function isVariable(name: string): name is TemplateVariable {
  return (TEMPLATE_VARIABLES as readonly string[]).includes(name);
}

/** The StringLiteral node around `offset`, if any. */
function enclosingString(node: SyntaxNode | null): SyntaxNode | undefined {
  for (let n = node; n; n = n.parent) if (n.name === 'StringLiteral') return n;
  return undefined;
}

function inRegexMatcher(literal: SyntaxNode): boolean {
  const matcher = literal.parent;
  if (!matcher || !/LabelMatcher$/.test(matcher.name)) return false;
  const op = matcher.getChild('MatchOp');
  return op?.firstChild?.name === 'EqlRegex' || op?.firstChild?.name === 'NeqRegex';
}

function placeholders(template: string): Placeholder[] {
  const tree = parser.parse(template);
  const found: Placeholder[] = [];
  for (const m of template.matchAll(PLACEHOLDER)) {
    const from = m.index ?? 0;
    const literal = enclosingString(tree.resolveInner(from, 1));
    const open = literal ? template[literal.from] : undefined;
    found.push({
      name: m[1],
      from,
      to: from + m[0].length,
      quote: open === '"' || open === "'" ? open : undefined,
      raw: open === '`',
      regex: literal !== undefined && inRegexMatcher(literal),
    });
  }
  return found;
}

function problemOf(p: Placeholder, values?: TemplateValues): TemplateProblem | undefined {
  const at = { from: p.from, to: p.to };
  if (!isVariable(p.name)) {
    return { ...at, message: `unknown template variable \${${p.name}}: use one of ${TEMPLATE_VARIABLES.map((v) => `\${${v}}`).join(', ')}` };
  }
  if (p.raw) return { ...at, message: `\${${p.name}} is inside a \`raw\` string, which cannot escape a value: use double quotes, e.g. app="\${${p.name}}"` };
  if (p.quote === undefined) return { ...at, message: `\${${p.name}} must be inside a quoted label value, e.g. app="\${${p.name}}"` };
  if (values && values[p.name] === undefined) return { ...at, message: `\${${p.name}} has no value for this target` };
  // An empty label value matches series that lack the label altogether: refuse it rather than widen the query.
  if (values && values[p.name] === '') return { ...at, message: `\${${p.name}} is empty for this target (an empty label value would select series without the label)` };
  if (values && /[\uD800-\uDFFF]/.test((values[p.name] ?? '').replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) {
    return { ...at, message: `the value of \${${p.name}} is not valid Unicode` };
  }
  return undefined;
}

/** A `${` that no `}` closes would reach Prometheus as text: report it instead. */
function unclosed(template: string): TemplateProblem | undefined {
  const at = template.replace(PLACEHOLDER, (m) => ' '.repeat(m.length)).indexOf('${');
  return at < 0 ? undefined : { message: 'a template variable is not closed: write ${NAME}', from: at, to: template.length };
}

/** Problems of the template itself (unknown, misplaced or unclosed placeholders) and the variables it uses. */
export function checkTemplate(template: string): { variables: TemplateVariable[]; problems: TemplateProblem[] } {
  const all = placeholders(template);
  const problems = all.map((p) => problemOf(p)).filter((p): p is TemplateProblem => p !== undefined);
  const open = unclosed(template);
  if (open) problems.push(open);
  const variables = [...new Set(all.map((p) => p.name).filter(isVariable))];
  return { variables, problems };
}

/** `value` as the inside of a PromQL string literal opened with `quote` (the grammar's escapes only). */
export function escapePromQLString(value: string, quote: Quote): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\' || ch === quote) out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch; // the rest of Unicode is valid as is in a PromQL string (UTF-8 on the wire)
  }
  return out;
}

/** `value` as a regular expression (RE2) that matches exactly `value`. */
export function quoteRegex(value: string): string {
  return value.replace(REGEX_META, '\\$&');
}

export type Substitution = { ok: true; query: string } | { ok: false; problem: TemplateProblem };

/** The query for one target; the first problem (unknown, misplaced or missing variable) otherwise. */
export function substitute(template: string, values: TemplateValues): Substitution {
  const open = unclosed(template);
  if (open) return { ok: false, problem: open };
  const all = placeholders(template);
  let query = '';
  let last = 0;
  for (const p of all) {
    const problem = problemOf(p, values);
    if (problem) return { ok: false, problem };
    const value = values[p.name as TemplateVariable] ?? '';
    query += template.slice(last, p.from) + escapePromQLString(p.regex ? quoteRegex(value) : value, p.quote as Quote);
    last = p.to;
  }
  return { ok: true, query: query + template.slice(last) };
}
