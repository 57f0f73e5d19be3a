// Hostile text for the output tests, on top of the shared seeded generator.
import { pick, type Random } from '../../support/random';

export { int, pick, prng, type Random } from '../../support/random';

/** Characters that must never reach a terminal raw, and ordinary ones around them. */
export const HOSTILE = [
  '\n', '\r', '\t', '\x1b', '\x1b[31m', '\x1b[2J', '\x1b[?25l', '\u009b1A', '\x1b]0;title\x07', '\x00', '\x07', '\x08', '\x7f', '\u0085', '\u009b', '\u061c',
  '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2067', '\u2068', '\u2069', '\u2028', '\u2029',
];
export const ORDINARY = ['web', '-', '.', ' ', 'é', '漢', '😀', '/', '\\', '"', '{', '}', ':', 'x', '0', 'pod'];

export function hostileText(random: Random, length = 24): string {
  let text = '';
  for (let i = 0; i < length; i++) text += random() < 0.4 ? pick(random, HOSTILE) : pick(random, ORDINARY);
  return text;
}
