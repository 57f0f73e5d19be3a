// The two steps every text sink applies, in this order: redact first (a secret is matched as it was
// written, before escaping changes it), then escape.
import { escapeLines, escapeText } from './escape';
import { redactSecrets } from './redact';

/** One line for a terminal, a log channel or an Event note: no credential, no control or bidi character. */
export function safeLine(text: string): string {
  return escapeText(redactSecrets(text));
}

/** A multi-line output (a table, help, a JSON document): line breaks kept, everything else as safeLine. */
export function safeLines(text: string): string {
  return escapeLines(redactSecrets(text));
}

/**
 * A value as one JSON line, still valid JSON: JSON.stringify escapes C0 controls itself, and the
 * remaining controls and bidi characters become \uXXXX escapes inside strings.
 */
export function safeJsonLine(value: unknown): string {
  return escapeLines(redactSecrets(JSON.stringify(value)));
}
