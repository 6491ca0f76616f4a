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
