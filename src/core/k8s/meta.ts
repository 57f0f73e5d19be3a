// Label and annotation values by key. The key comes from a runbook or the settings, the map from the
// cluster: a key like `constructor` or `__proto__` must find nothing, never Object.prototype's members.
export function ownValue(map: Readonly<Record<string, string>> | undefined, key: string): string | undefined {
  if (!map || !Object.hasOwn(map, key)) return undefined;
  const value = map[key];
  return typeof value === 'string' ? value : undefined;
}
