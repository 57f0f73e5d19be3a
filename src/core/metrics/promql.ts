// PromQL syntax check with Prometheus's own grammar (the lezer grammar its web UI uses): the parse tree marks
// what it could not parse with error nodes, and the first one is reported at its exact range.
import { parser } from '@prometheus-io/lezer-promql';

/** A syntax problem at [from, to) of the query (UTF-16 offsets); `from === to` marks a point (e.g. the end). */
export interface PromQLProblem {
  message: string;
  from: number;
  to: number;
}

function shown(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ');
  return JSON.stringify(oneLine.length > 40 ? `${oneLine.slice(0, 40)}…` : oneLine);
}

/** The first syntax error of `query`, or undefined when Prometheus's grammar accepts it. */
export function checkPromQL(query: string): PromQLProblem | undefined {
  if (query.trim() === '') return { message: 'the query is empty', from: 0, to: query.length };
  let first: { from: number; to: number } | undefined;
  parser.parse(query).iterate({
    enter(node) {
      if (first) return false;
      if (node.type.isError) first = { from: node.from, to: node.to };
      return undefined;
    },
  });
  if (!first) return undefined;
  const { from, to } = first;
  if (from < to) return { message: `PromQL syntax error: unexpected ${shown(query.slice(from, to))}`, from, to };
  if (query.slice(from).trim() === '') {
    return { message: 'PromQL syntax error: the query ends too early (an unclosed bracket or a missing operand?)', from, to };
  }
  return { message: `PromQL syntax error before ${shown(query.slice(from).trimStart().slice(0, 20))}`, from, to };
}
