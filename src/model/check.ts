import type { ContractFacts } from '../contract/facts';
import type { Contract, Operation } from '../contract/load';
import type { KeyRoles } from '../contract/roles';
import type { Case } from './case';
import type { Exchange } from './exchange';
import type { Verdict } from './finding';
import type { SecretLedgerView } from './secrets';

/** A check and what it reads: the engine runs every selected check on every exchange; a check only judges. */

export interface SchemaError {
  /** Where in the instance, as a JSON pointer (`/scopes/0`). */
  instancePath: string;
  /** Which schema keyword failed, as a JSON pointer into openapi.json. */
  schemaPath: string;
  keyword: string;
  message: string;
}

/** The contract's schemas, compiled once: what checks validate a body with (src/validate/oracle.ts). */
export interface SchemaValidator {
  validate(pointer: string, value: unknown): SchemaError[];
  isValid(pointer: string, value: unknown): boolean;
}

/** What checks that judge a run's state (live targets) may read; they never change it. */
export interface RunView {
  facts: ContractFacts;
  roles: KeyRoles;
  ledger: SecretLedgerView;
  /** The ids a collection's list showed before the run; undefined when it was not read to its end (or not at all). */
  preexisting: (collection: string) => ReadonlySet<string> | undefined;
  clockToleranceMs: number;
}

export interface CheckContext {
  contract: Contract;
  operation: Operation;
  oracle: SchemaValidator;
  testCase: Case;
  exchange: Exchange;
  run: RunView;
}



export interface Check {
  /** The name users select it by and reports show. */
  name: string;
  /** Why the contract implies it, in one line. */
  reason: string;
  /** Targets that can answer it; a mock echoes examples, so some checks mean something only live. */
  targets: readonly ('mock' | 'live')[];
  /**
   * True for the checks that hold any answer to the documentation (an answer at all, its status, media
   * type and schema). The others read what an answer means, and an interrupted answer (429, 503, 3xx)
   * means nothing about the request or the resource: they do not judge it.
   */
  protocol?: true;
  judge(ctx: CheckContext): Verdict;
}
