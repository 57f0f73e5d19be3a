import type { LabelSelector } from './types';

/** Kubernetes label-selector semantics. An empty selector matches everything; a missing one nothing. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const have = labels ?? {};
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (!Object.hasOwn(have, key) || have[key] !== value) return false;
  }
  for (const req of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(have, req.key);
    const values = req.values ?? [];
    switch (req.operator) {
      case 'In': if (!present || !values.includes(have[req.key])) return false; break;
      case 'NotIn': if (present && values.includes(have[req.key])) return false; break;
      case 'Exists': if (!present) return false; break;
      case 'DoesNotExist': if (present) return false; break;
      default: return false; // unknown operator: match nothing rather than everything
    }
  }
  return true;
}
