import { documentedResponse, type Contract, type Operation, type ResponseSpec } from '../contract/load';
import type { Case } from '../generate/case';
import type { Exchange, HttpResponse } from '../target/http';
import type { ContractFacts } from '../contract/facts';
import type { KeyRoles } from '../contract/roles';
import type { SecretLedgerView } from '../model/secrets';
import type { Oracle } from '../validate/oracle';
import type { Verdict } from '../model/finding';
export type { Finding, Verdict } from '../model/finding';

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
  oracle: Oracle;
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

export const ANY_TARGET = ['mock', 'live'] as const;
/** The mock answers fixed or random examples whatever was sent: only a live server can answer these. */
export const LIVE_ONLY = ['live'] as const;

/** The response, for checks that need one; exchanges that got none are target_responds' business. */
export function responseOf(ctx: CheckContext): HttpResponse | undefined {
  return ctx.exchange.response;
}

/** The response and what the contract documents for its status; undefined when either is missing. */
export function answeredAsDocumented(ctx: CheckContext): { response: HttpResponse; documented: ResponseSpec } | undefined {
  const response = ctx.exchange.response;
  const documented = response && documentedResponse(ctx.operation, response.status);
  return response && documented ? { response, documented } : undefined;
}

export const documentedStatuses = (operation: Operation) => operation.responses.map((r) => r.status).join(', ');
