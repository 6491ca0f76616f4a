import type { Contract } from '../../contract/load';
import { idsInBody, successSchema, type Resource } from '../../contract/resources';
import type { KeyRoles } from '../../contract/roles';
import type { Case } from '../../model/case';
import type { Coverage } from '../../model/coverage';
import { jsonOf, type Exchange } from '../../model/exchange';
import { recordCoverage } from './coverage';
import type { CreationBudget } from './creation-budget';
import type { ResourceLedger } from './resource-ledger';
import type { SecretLedger } from './secret-ledger';

export interface RecorderDeps {
  contract: Contract;
  resources: readonly Resource[];
  roles: KeyRoles;
  live: boolean;
  creation: CreationBudget;
  resourceLedger: ResourceLedger;
  secretLedger: SecretLedger;
  /** What the current phase's requests exercised (the context starts it afresh for each phase). */
  coverage: () => Coverage;
  /** Sees every exchange as it arrives (the replay command prints them), before anything is redacted. */
  onExchange: () => ((testCase: Case, exchange: Exchange) => void) | undefined;
  /** Told when what an exchange made is recorded (src/engine/state/write-ahead.ts). */
  settled?: (exchange: Exchange) => void;
}

/**
 * Learns from every exchange as soon as the answer arrives: what it exercised, what it created (and
 * a created key's secret, which the redactor filters from then on), and what it deleted.
 */
export function recorder(deps: RecorderDeps): (exchange: Exchange, testCase: Case) => void {
  const producerOf = new Map(deps.resources.flatMap((r) => r.producers.map((op) => [op.id, { resource: r, schema: successSchema(deps.contract, op) }] as const)));
  const consumerOf = new Map(deps.resources.flatMap((r) => r.consumers.map((op) => [op.id, r] as const)));
  return (exchange, testCase) => {
    recordCoverage(deps.coverage(), testCase, exchange);
    deps.onExchange()?.(testCase, exchange);
    const producer = producerOf.get(testCase.operationId);
    if (producer) deps.creation.answered(testCase, producer.resource);
    const response = exchange.response;
    const success = response !== undefined && response.status >= 200 && response.status < 300;
    if (success && producer && deps.live) {
      const body = jsonOf(response);
      if (body) deps.resourceLedger.record(producer.resource.collection, idsInBody(producer.schema, body.value), exchange.sequence ?? 0, testCase.account);
    }
    deps.settled?.(exchange);
    // A phase that deletes what the run made leaves cleanup nothing to do for it, when the owner meant the delete.
    const removed = success && testCase.method === 'DELETE' ? consumerOf.get(testCase.operationId) : undefined;
    const removedId = removed?.idParameter !== undefined ? testCase.pathParams[removed.idParameter] : undefined;
    if (removed && removedId !== undefined) deps.resourceLedger.answeredDeleted(removed.collection, removedId, { account: testCase.account, expected: testCase.expectation === 'accept' });
    if (testCase.operationId !== deps.roles.create?.id || !success) return;
    const body = jsonOf(response);
    if (body) deps.secretLedger.record(body.value, exchange.sequence ?? 0, deps.roles.secretProperty);
  };
}
