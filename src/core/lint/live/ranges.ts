// Ranges for the live checks: a Locator per `---` document of the file's text, read again with the
// same bounded YAML reader as parseRunbooks (so document indexes agree). The live checks run after a
// debounce, not per keystroke, so one more read of the text costs little.
import { Locator } from '../../runbook/positions';
import { readYaml } from '../../runbook/yamlRead';

/** One Locator per document, by document index; empty when the text is refused (too large, too deep). */
export function documentLocators(text: string): Locator[] {
  const read = readYaml(text);
  if (read.problem) return [];
  return read.documents.map((document) => new Locator(read.lineCounter, document, text));
}
