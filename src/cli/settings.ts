import { UsageError } from './io';

/** "key=value" as a label. */
export function parseLabel(text: string): { key: string; value: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`"${text}" is not KEY=VALUE`);
  return { key: text.slice(0, eq), value: text.slice(eq + 1) };
}
