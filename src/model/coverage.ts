/** What a run exercised of each operation: the statuses it was answered with and the inputs it sent valid and broken. */
export interface OperationCoverage {
  /** Each status received, with how many answers had it; `no-response` for requests that got none. */
  statuses: Record<string, number>;
  /** Inputs sent in cases the operation must accept: `query:limit`, `path:memory_id`, `/content` (a body property). */
  valid: string[];
  /** Inputs a negative case broke, named as its finding would name them. */
  broken: string[];
}

/** By operation id. */
export type Coverage = Record<string, OperationCoverage>;

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
