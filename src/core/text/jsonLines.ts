// Line-by-line JSON of the append-only files a crash can cut short (the serve intake journal, the
// notification outbox): blank lines and trailing NULs (a file extended but not yet written) are
// ignored; a line that is not JSON is reported by number and skipped, never thrown.

export interface SkippedLine { line: number; reason: string }

/** Calls `onValue` with each parsed line and its 1-based number; unparsable lines go to `skipped`. */
export function forEachJsonLine(text: string, skipped: SkippedLine[], onValue: (value: unknown, line: number) => void): void {
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '').replace(/\0+$/, '');
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped.push({ line: i + 1, reason: 'invalid JSON (a write cut short, or damage)' });
      return;
    }
    onValue(value, i + 1);
  });
}
