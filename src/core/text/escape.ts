// Names and messages come from the cluster and from input files, and end up in terminals, tables and
// log channels. A newline there fakes a table row or a log line, an ANSI escape (ESC [ ...) recolours,
// moves the cursor or clears the screen, and a bidirectional override reorders what the reader sees.
// Every such character is shown as a visible escape instead: "\n", "\x1b", "\u202e".

/** C0 controls, DEL, C1 controls, line/paragraph separators and every bidirectional formatting character. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/** The same without "\n" (and tab, which cannot fake a line): for whole multi-line outputs. */
const UNSAFE_IN_LINES = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function visible(ch: string): string {
  const named = NAMED[ch];
  if (named) return named;
  const code = ch.charCodeAt(0);
  // C0 as \xHH (how terminals people know them: \x1b); the rest as \uHHHH, which is also valid inside a
  // JSON string, so a JSON document stays JSON after escaping (JSON.stringify never leaves raw C0).
  return code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One field (a name, a reason, a message) made safe to print on one line: no character controls the terminal. */
export function escapeText(text: string): string {
  return text.replace(UNSAFE, visible);
}

/**
 * A whole output (a table, a JSON document, help text) made safe to print: line breaks stay, every other
 * control or bidirectional character becomes visible. Fields inside it must have been escaped with
 * escapeText already, or a newline in a name still starts a line.
 */
export function escapeLines(text: string): string {
  return text.replace(UNSAFE_IN_LINES, visible);
}

/** True when the text holds a character escapeText would change. */
export function hasUnsafeCharacters(text: string): boolean {
  return new RegExp(UNSAFE.source).test(text);
}
