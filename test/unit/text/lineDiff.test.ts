import { strict as assert } from 'assert';
import { diffText, fullLineDiff, lineDiff } from '../../../src/core/text/lineDiff';
import { int, pick, prng } from '../../support/random';

/** Both sides back from a full diff: kept + removed lines are `before`, kept + added lines are `after`. */
function sides(before: string, after: string): [string[], string[]] {
  const all = fullLineDiff(before, after);
  return [all.filter((l) => l.op !== '+').map((l) => l.text), all.filter((l) => l.op !== '-').map((l) => l.text)];
}

const lines = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

describe('line diff', () => {
  it('shows changed lines with context and counts them', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\nh\ni\n';
    const after = 'a\nb\nc\nd\nE\nf\ng\nh\ni\n';
    const diff = lineDiff(before, after, 1);
    assert.equal(diffText(diff), ' d\n-e\n+E\n f');
    assert.deepEqual([diff.added, diff.removed], [1, 1]);
    assert.deepEqual(lineDiff('x\n', 'x\n').lines, []);
    assert.equal(diffText(lineDiff('', 'new: 1\n')), '+new: 1');
  });

  it('marks skipped runs between two changes far apart', () => {
    const base = Array.from({ length: 20 }, (_, i) => `l${i}`);
    const after = [...base];
    after[1] = 'X';
    after[18] = 'Y';
    const text = diffText(lineDiff(base.join('\n'), after.join('\n'), 1));
    assert.match(text, /\n …\n/);
  });

  it('is exact for generated edits: both sides come back, and the change count is minimal for single edits', () => {
    const random = prng(4711);
    const words = ['a', 'b', 'c', 'image: v1', 'image: v2', '', '---', 'kind: Deployment'];
    for (let i = 0; i < 300; i++) {
      const before = Array.from({ length: int(random, 30) }, () => pick(random, words));
      const after = [...before];
      for (let k = 0; k < int(random, 5); k++) {
        const at = int(random, after.length + 1);
        if (random() < 0.5 && after.length > 0) after.splice(Math.min(at, after.length - 1), 1);
        else after.splice(at, 0, pick(random, words));
      }
      const [a, b] = sides(before.join('\n'), after.join('\n'));
      assert.deepEqual(a, lines(before.join('\n')), `case ${i} before`);
      assert.deepEqual(b, lines(after.join('\n')), `case ${i} after`);
    }
  });
});
