/** What the run knows of the keys it was given, as checks read it: the engine's secret ledger records it. */

/** A key the run was given: what its create answered, its secret apart. */
export interface CreatedKey {
  id: string;
  secret: string;
  /** The create's answer without the secret: what the key's own checks compare its list item with. */
  shown: Record<string, unknown>;
  /** Which request of the run created it (1-based). */
  sequence: number;
}

/** What checks may read of the secret ledger; recording is the engine's job. */
export interface SecretLedgerView {
  readonly keys: readonly CreatedKey[];
  /** The run's secrets that occur in a text (earlier workers' too, known by digest). */
  secretsIn(text: string): string[];
  /** How many keys of the whole run have this id, and this secret. */
  idCount(id: string): number;
  secretCount(secret: string): number;
  /** Whether an id was issued to this run. */
  issuedToRun(id: string): boolean;
}

/** Shorter strings are not treated as secrets: real keys and tokens are far longer. */
export const MIN_SECRET_LENGTH = 8;
