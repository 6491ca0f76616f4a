import type { KeyRoles } from '../contract/roles';
import type { Case, LifecycleStep } from '../generate/case';
import type { Exchange } from '../target/http';
import type { KeyLedger } from './key-ledger';
import type { Target } from '../target/target';
import type { Judge } from './judge';
import type { PhaseResult } from './run-phase';
import { stepJudge } from './step-judge';

export const LIFECYCLE_PHASE = { operationId: 'keys', name: 'lifecycle' };

export interface LifecycleDeps {
  roles: KeyRoles;
  target: Target;
  ledger: KeyLedger;
  judge: Judge;
  runSeed: number;
  /** A valid create body (the spec's example). */
  createBody: Case['body'];
  /** An id that no server has issued. */
  unknownId: string;
  redact: <T>(value: T) => T;
  record: (exchange: Exchange, testCase: Case) => void;
  firstReport: (key: string) => boolean;
}

/**
 * The key lifecycle against a live target: what was rejected left nothing, a created key is listed,
 * revoking removes it and disables it, revoking again (or an unknown id) is 404. Each step is an
 * ordinary exchange judged by the same checks; the scenario only decides what to send next.
 */
export async function runLifecycle(deps: LifecycleDeps): Promise<PhaseResult> {
  const { roles, target, ledger } = deps;
  const result: PhaseResult = { ...LIFECYCLE_PHASE, phase: LIFECYCLE_PHASE.name, description: 'create, list, revoke, use the revoked key, revoke again', sent: 0, skipped: 0, violations: [], allowed: [], known: [] };
  if (!roles.create || !roles.list || !roles.revoke) {
    result.aborted = 'the contract has no create, list and revoke operations to follow';
    return result;
  }
  const revokeParam = roles.revoke.parameters.find((p) => p.in === 'path')!.name;
  const operations = [roles.create, roles.list, roles.revoke];
  const judgeStep = stepJudge(result, LIFECYCLE_PHASE, deps);
  const step = async (name: LifecycleStep, operationId: string, partial: Partial<Case>, credential?: string): Promise<Exchange> => {
    const operation = operations.find((op) => op.id === operationId)!;
    const testCase: Case = {
      operationId, phase: LIFECYCLE_PHASE.name, expectation: 'accept', label: `lifecycle: ${name}`, method: operation.method,
      pathParams: {}, auth: { kind: 'credential', scheme: 'Bearer' }, body: { kind: 'none' }, step: { name }, ...partial,
    };
    const exchange = await target.send(testCase, credential);
    deps.record(exchange, testCase);
    result.sent++;
    judgeStep(operation, testCase, exchange);
    return exchange;
  };

  await step('list-after-negatives', roles.list.id, {});
  const created = await step('create', roles.create.id, { body: deps.createBody });
  const key = created.response?.status === 200 ? ledger.keys.find((k) => k.sequence === created.sequence) : undefined;
  if (!key || target.broken) {
    result.aborted = 'no key was created, so list and revoke could not be followed';
    return result;
  }
  const forKey = (name: LifecycleStep) => ({ name, keyId: key.id });
  await step('list-after-create', roles.list.id, { step: forKey('list-after-create') });
  const revoked = await step('revoke', roles.revoke.id, { pathParams: { [revokeParam]: key.id }, step: forKey('revoke') });
  if (revoked.response && revoked.response.status >= 200 && revoked.response.status < 300) ledger.markRevoked(key.id);
  await step('list-after-revoke', roles.list.id, { step: forKey('list-after-revoke') });
  if (key.secret) await step('use-revoked-key', roles.list.id, { expectation: 'reject-auth', step: forKey('use-revoked-key') }, key.secret);
  await step('revoke-again', roles.revoke.id, { pathParams: { [revokeParam]: key.id }, step: forKey('revoke-again') });
  await step('revoke-unknown', roles.revoke.id, { pathParams: { [revokeParam]: deps.unknownId }, step: { name: 'revoke-unknown' } });
  return result;
}
