/** A request the gate means to send, and the step of a scenario it belongs to: what generators make and every other room reads. */

/** What the contract says should happen to a case. */
export type Expectation =
  /** A valid request with a valid credential: the operation must accept it. */
  | 'accept'
  /** An invalid request with a valid credential: the documented rejection. */
  | 'reject-input'
  /** A request without a usable credential: 401. */
  | 'reject-auth';

/** How the Authorization header is built; the secret itself is filled in by the target, never stored here. */
/**
 * How a case carries its credential. `scheme` is the word before it in the Authorization header; an
 * API-key scheme carries it in its own header, query parameter or cookie unless `inAuthorization`.
 * `foreign-credential` is the run's credential of another scheme (`of`), carried as that scheme carries it.
 */
export type AuthSpec =
  | { kind: 'none' }
  | { kind: 'credential'; scheme: string; inAuthorization?: true }
  | { kind: 'empty'; scheme: string }
  | { kind: 'unknown-token'; scheme: string; token: string }
  | { kind: 'foreign-credential'; of: string };

export type CaseBody =
  | { kind: 'none' }
  | { kind: 'json'; value: unknown; contentType: string }
  /** Bytes sent as they are: malformed JSON, other media types. `contentType` undefined sends no header. */
  | { kind: 'raw'; text: string; contentType?: string };

/** One request to send, with what it tests; it knows nothing of where it will be sent. */
export interface Case {
  operationId: string;
  phase: string;
  expectation: Expectation;
  /** What makes this case what it is, for people: `wrong-type at /name: number instead of string`. */
  label: string;
  /** For a negative case, the part of the request it breaks: part of a finding's identity. */
  field?: string;
  /** For a negative case, the kind of break (`wrong-type`, `too-long`, `missing-required`): with field, what the census counts. */
  rule?: string;
  method: string;
  /** Path parameter values, not yet encoded. */
  pathParams: Record<string, string>;
  /**
   * Query parameters as name/value pairs in order, each value already written for its style (an
   * exploded array repeats its name), not yet percent-encoded. Absent on operations without any, as
   * in cases saved before they were generated.
   */
  queryParams?: QueryPair[];
  /** Header parameters by name, each value already written for its style. */
  headerParams?: Record<string, string>;
  auth: AuthSpec;
  body: CaseBody;
  /** For a transport case: what is broken below the schema. */
  transport?: TransportKind;
  /** For a saved regression case: its file, which replays it whatever else is saved beside it. */
  source?: string;
  /** Sent with the second account's credential (OMI_API_TOKEN_OTHER), filled in by the target; absent: the run's own. */
  account?: 'other';
  /** A step of a resource's scenario, of the scope probes or of the account probes, with what its checks need. */
  step?: ResourceStep | ScopeStep | AccountStep;
}

export type TransportKind = 'malformed-json' | 'empty-body' | 'media-type' | 'no-content-type';

/** The resource id of a step that acts on no one resource yet (a create, a whole list): never met in a list. */
export const NO_RESOURCE_ID = '';

/**
 * A step of a resource's scenario (create, read, list, update, delete, use after delete), with what
 * the step's checks need to know: the resource's id, the fields it should hold, and for a list every
 * item of its pages (the exchange judged is the last page).
 */
export interface ResourceStep {
  name: ResourceStepName;
  resourceId: string;
  keyId?: undefined;
  /** Fields the resource should hold now, by name (found at the top of an item or one object down). */
  expected?: Record<string, unknown>;
  /** Whether the list should show it: false when the list's words exclude the state it is in. */
  expectListed?: boolean;
  /** Every item the list's pages answered, whether they were read to the end, and how many each page held. */
  listed?: { items: unknown[]; complete: boolean; pages?: number[] };
  /** For a boolean filter that splits the list: the ids of the whole list and of its `true` half, each read to its end (the step's own list is the `false` half). */
  split?: { all: string[]; yes: string[] };
  /**
   * The write whose effect this read judges (an update, when another resource is read back after it):
   * a finding is that write's, filed under its operation, with the steps that led to it.
   */
  after?: WriteBefore;
}

/** A write whose effect a later read judges: the finding is that write's, with the steps that led to it. */
export interface WriteBefore {
  operationId: string;
  resourceId: string;
  sent: Record<string, unknown>;
  /** What the write was answered, when it was refused: part of the story the steps tell. */
  answered?: number;
}

/**
 * A request of the scope probes: sent with a key the run created (`keyId`, its secret filled in by
 * the target) on a resource the run created (`probedId`, empty for a create or a list), or, for
 * `scope-after-refusal`, the main credential reading that resource back after the key was refused.
 */
export interface ScopeStep {
  name: ScopeStepName;
  keyId: string;
  /** For `scope-after-refusal`: the refused write whose effect the read-back judges. */
  after?: WriteBefore;
  /** The scopes the key was created with (the documented default when none were asked for). */
  keyScopes: string[];
  /** The scope the operation needs, as the contract says; null when it names none. */
  required: string | null;
  probedId: string;
  /** For `scope-after-refusal`: the fields the refused request could have changed, as they read before it. */
  expected?: Record<string, unknown>;
  /** For `scope-after-refusal`: the resource as the main credential read it after (null: not found; undefined: could not be read). */
  readBack?: Record<string, unknown> | null;
  resourceId?: undefined;
}

export type ScopeStepName = 'scope-probe' | 'scope-after-refusal' | 'scope-revoked-key';

/** Which account's credential, or a key made by which account. */
export type AccountName = 'main' | 'other';

/**
 * A request of the account probes: one account (`intruder`, by its credential or by a key it made)
 * asks for a resource the other account (`owner`) made (`probedId`), or lists what it sees; for
 * `account-after-refusal`, the owner reading its resource back after the intruder was refused.
 */
export interface AccountStep {
  name: AccountStepName;
  /** For `account-after-refusal`: the refused write whose effect the read-back judges. */
  after?: WriteBefore;
  owner: AccountName;
  intruder: AccountName;
  /** Whether the intruder sent a key its account made (the key's secret filled in by the target), not its credential. */
  viaKey: boolean;
  probedId: string;
  /** For `account-listed`: the ids the owner made, which the intruder's list must not show, and every item of its pages. */
  foreign?: string[];
  listed?: unknown[];
  /** For `account-after-refusal`: the fields the refused request could have changed, as they read before it. */
  expected?: Record<string, unknown>;
  /** For `account-after-refusal`: the resource as its owner read it after (null: not found; undefined: could not be read). */
  readBack?: Record<string, unknown> | null;
  resourceId?: undefined;
  keyId?: undefined;
}

export type AccountStepName = 'account-probe' | 'account-listed' | 'account-after-refusal';

export type ResourceStepName =
  | 'resource-created' | 'resource-read' | 'resource-listed'
  | 'resource-updated' | 'resource-read-after-update' | 'resource-listed-after-update'
  | 'resource-paged' | 'resource-filtered' | 'resource-split' | 'resource-other-after-update' | 'resource-held'
  | 'resource-deleted' | 'resource-read-after-delete' | 'resource-updated-after-delete' | 'resource-deleted-again' | 'resource-listed-after-delete'
  /** The credential resource's own steps: its whole list before the scenario creates anything, and its secret used after its delete. */
  | 'resource-listed-before' | 'resource-used-after-delete'
  /** A delete of an id no server issued. */
  | 'resource-deleted-unknown';

export type QueryPair = [name: string, value: string];


/** Whether a case was sent with a key the run created (a scope probe's, a revoked key), not the run's own credential. */
export function sentWithCreatedKey(testCase: Pick<Case, 'step'>): boolean {
  const step = testCase.step;
  if (!step) return false;
  return step.name === 'resource-used-after-delete' || step.name === 'scope-probe' || step.name === 'scope-revoked-key' || ('viaKey' in step && step.viaKey && step.name !== 'account-after-refusal');
}

/** The plain case every step starts from: a request to `operation` with a valid credential and no body, `partial` on top. */
export function caseOf(operation: { id: string; method: string; security?: readonly ({ kind: 'authorization'; word: string } | { kind: 'api-key' })[] }, phase: string, label: string, partial: Partial<Case> = {}): Case {
  // The credential under the word its scheme writes it with (an API key ignores the word).
  const scheme = operation.security?.[0];
  const word = scheme?.kind === 'authorization' ? scheme.word : 'Bearer';
  return { operationId: operation.id, phase, expectation: 'accept', label, method: operation.method, pathParams: {}, auth: { kind: 'credential', scheme: word }, body: { kind: 'none' }, ...partial };
}
