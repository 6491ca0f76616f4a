import type { Coverage } from '../model/coverage';

/** Adds to `list` the items it does not hold yet, in order. */
export function addOnce(list: string[], items: readonly string[]): void {
  for (const item of items) if (!list.includes(item)) list.push(item);
}

/** The union of several runs' coverage (the phases of one run, or the shards of one). */
export function mergeCoverage(parts: readonly Coverage[]): Coverage {
  const merged: Coverage = {};
  for (const part of parts) {
    for (const [operationId, entry] of Object.entries(part)) {
      const into = (merged[operationId] ??= { statuses: {}, valid: [], broken: [] });
      for (const [status, count] of Object.entries(entry.statuses)) into.statuses[status] = (into.statuses[status] ?? 0) + count;
      addOnce(into.valid, entry.valid);
      addOnce(into.broken, entry.broken);
    }
  }
  return merged;
}
